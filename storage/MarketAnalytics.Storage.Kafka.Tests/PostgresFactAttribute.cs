namespace MarketAnalytics.Storage.Kafka.Tests;

/// <summary>A test that also needs the PostgreSQL server named by <c>MA_TEST_POSTGRES</c>; skipped when the variable is unset.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "MA_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"{Variable} is not set (an Npgsql connection string); run eval \"$(scripts/services.sh start)\" first.";
    }
}
