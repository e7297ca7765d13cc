using Xunit;

namespace MarketAnalytics.Storage.Testing;

/// <summary>A test that runs a redis-server process of its own; skipped when redis-server is not installed.</summary>
public sealed class RedisServerFactAttribute : FactAttribute
{
    public RedisServerFactAttribute()
    {
        if (RedisServerProcess.Executable is null)
            Skip = "redis-server is not on PATH (apt-get install redis-server, or scripts/services.sh start installs it).";
    }
}
