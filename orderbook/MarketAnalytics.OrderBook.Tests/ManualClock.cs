namespace MarketAnalytics.OrderBook.Tests;

/// <summary>A clock that moves only when told, one millisecond per reading, so command times are known and distinct.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Add(ref ticks, TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
