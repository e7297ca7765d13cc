using MarketAnalytics.Core;

namespace MarketAnalytics.Api.Market;

/// <summary>The last <c>capacity</c> trade ids of one instrument, oldest forgotten first.</summary>
internal sealed class RecentTradeIds(int capacity)
{
    private readonly HashSet<TradeId> _ids = [];
    private readonly Queue<TradeId> _order = new();

    /// <summary>Remembers <paramref name="id"/>; false when it was remembered already.</summary>
    public bool Add(TradeId id)
    {
        if (!_ids.Add(id)) return false;
        _order.Enqueue(id);
        if (_order.Count > capacity) _ids.Remove(_order.Dequeue());
        return true;
    }
}
