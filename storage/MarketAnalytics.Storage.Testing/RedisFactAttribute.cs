using Xunit;

namespace MarketAnalytics.Storage.Testing;

/// <summary>A test that needs the Redis server named by <c>MA_TEST_REDIS</c> (host:port); skipped when the variable is unset.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public const string Variable = "MA_TEST_REDIS";

    public RedisFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"{Variable} is not set (host:port of a Redis server); run eval \"$(scripts/services.sh start)\" first.";
    }
}
