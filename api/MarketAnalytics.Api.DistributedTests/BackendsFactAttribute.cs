using MarketAnalytics.Ingest.Testing;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Api.DistributedTests;

/// <summary>A test of the production backends: needs the PostgreSQL server of <c>MA_TEST_POSTGRES</c>, and, when asked,
/// the recorded data in <c>../shared/data</c> and <c>redis-server</c> on PATH; skipped with a message naming what is missing.</summary>
/// <remarks>The Kafka side needs nothing installed beyond librdkafka: each test starts its own mock cluster.</remarks>
public sealed class BackendsFactAttribute : FactAttribute
{
    public BackendsFactAttribute(bool postgres = true, bool sharedData = false, bool redisServer = false)
    {
        var missing = new List<string>();
        if (postgres && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)))
            missing.Add($"{PostgresFactAttribute.Variable} is not set (an Npgsql connection string; run eval \"$(scripts/services.sh start)\" first)");
        if (sharedData && SharedData.Directory is null) missing.Add("the recorded market data in ../shared/data beside the repository is absent");
        if (redisServer && RedisServerProcess.Executable is null) missing.Add("redis-server is not on PATH (apt-get install redis-server)");
        if (missing.Count > 0) Skip = string.Join("; ", missing);
    }
}
