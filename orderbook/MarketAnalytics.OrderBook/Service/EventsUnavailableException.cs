namespace MarketAnalytics.OrderBook.Service;

/// <summary>A subscriber asked to resume after a sequence older than the in-memory event buffer holds; it must reload state
/// (orders, wallets, book) and subscribe from <see cref="OldestAvailable"/> − 1 or from now.</summary>
public sealed class EventsUnavailableException(long requested, long oldestAvailable)
    : Exception($"Events after {requested} are no longer buffered; the oldest buffered event is {oldestAvailable}")
{
    public long OldestAvailable { get; } = oldestAvailable;
}
