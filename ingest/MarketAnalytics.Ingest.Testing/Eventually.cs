using Xunit;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>Waits for a condition that background work makes true; the limit only stops a broken test from hanging.</summary>
public static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"gave up waiting for {what}");
            await Task.Delay(20);
        }
    }
}
