using Microsoft.Extensions.Time.Testing;

namespace MarketAnalytics.OrderBook.Tests;

/// <summary>The exchange's clock in tests: it moves only when read, one millisecond per reading, so command times are known
/// and distinct.</summary>
internal static class CommandClock
{
    /// <summary>A clock whose first reading is <paramref name="start"/> + 1 ms.</summary>
    public static FakeTimeProvider After(DateTimeOffset start) =>
        new(start.AddMilliseconds(1)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
}
