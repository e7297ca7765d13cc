namespace MarketAnalytics.OrderBook.Engine;

/// <summary>A market's two book sides and a ring of its most recent trades.</summary>
internal sealed class MarketBook(int recentTrades)
{
    public readonly BookSide Bids = new(bids: true);
    public readonly BookSide Asks = new(bids: false);
    private readonly Fill[] _recent = new Fill[recentTrades];
    private long _recentCount;

    public BookSide SideOf(OrderSide side) => side == OrderSide.Buy ? Bids : Asks;

    public BookSide Opposite(OrderSide side) => side == OrderSide.Buy ? Asks : Bids;

    public void Record(in Fill fill) => _recent[_recentCount++ % _recent.Length] = fill;

    /// <summary>Up to <paramref name="limit"/> most recent trades, newest first.</summary>
    public List<Fill> Recent(int limit)
    {
        var count = (int)Math.Min(Math.Min(_recentCount, _recent.Length), limit);
        var result = new List<Fill>(count);
        for (var i = 1; i <= count; i++) result.Add(_recent[(_recentCount - i) % _recent.Length]);
        return result;
    }
}
