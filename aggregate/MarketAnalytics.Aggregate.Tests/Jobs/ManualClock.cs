namespace MarketAnalytics.Aggregate.Tests.Jobs;

/// <summary>A clock that stands still at the time the test gives it.</summary>
public sealed class ManualClock(DateTime now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(now.Ticks, TimeSpan.Zero);
}
