namespace MarketAnalytics.Api.Tests;

/// <summary>A clock that stands still at the time the test gives it.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
