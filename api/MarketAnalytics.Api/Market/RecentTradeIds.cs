namespace MarketAnalytics.Api.Market;

/// <summary>The last <c>capacity</c> trade ids of one instrument, oldest forgotten first.</summary>
internal sealed class RecentTradeIds(int capacity)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>Remembers <paramref name="id"/>; false when it was remembered already.</summary>
    public bool Add(string id)
    {
        if (!_ids.Add(id)) return false;
        _order.Enqueue(id);
        if (_order.Count > capacity) _ids.Remove(_order.Dequeue());
        return true;
    }
}
