namespace MarketAnalytics.Api.DistributedTests;

/// <summary>Bounded waits for progress made by other processes (group joins, hand-overs after a session timeout); a wait
/// that runs out fails with what it waited for, and no test asserts on how long anything took.</summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> done, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(90));
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up waiting until {what}");
            await Task.Delay(50);
        }
    }
}
