using Xunit;

namespace MarketAnalytics.Core.Testing;

/// <summary>Waits for a condition that background work or another process makes true (a group join, a hand-over after a
/// session timeout, a commit); the limit only stops a broken test from hanging, and no test asserts on how long anything took.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test naming <paramref name="what"/> after
    /// <paramref name="limit"/> (90 s by default). It is asked every <paramref name="every"/> (25 ms by default).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? DefaultLimit);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"gave up waiting for {what}");
            await Task.Delay(every ?? DefaultPollInterval);
        }
    }

    /// <inheritdoc cref="TrueAsync(Func{Task{bool}}, string, TimeSpan?)"/>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? limit = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, limit);

    /// <summary>Returns the first value of <paramref name="read"/> that satisfies <paramref name="done"/>; fails the test naming
    /// <paramref name="what"/> after <paramref name="limit"/> (90 s by default).</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? limit = null)
    {
        var value = default(T)!;
        await TrueAsync(async () => done(value = await read()), what, limit);
        return value;
    }
}
