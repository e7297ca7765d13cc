namespace MarketAnalytics.Aggregate.Tests.Jobs;

/// <summary>A clock that stands still until the test moves it.</summary>
public sealed class ManualClock(DateTime start) : TimeProvider
{
    private long _ticks = start.Ticks;

    public DateTime UtcNow => new(Interlocked.Read(ref _ticks), DateTimeKind.Utc);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public void Set(DateTime to) => Interlocked.Exchange(ref _ticks, to.Ticks);
}
