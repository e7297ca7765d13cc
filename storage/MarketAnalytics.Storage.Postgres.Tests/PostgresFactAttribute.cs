namespace MarketAnalytics.Storage.Postgres.Tests;

/// <summary>A test that needs the PostgreSQL server named by <c>MA_TEST_POSTGRES</c>; skipped when the variable is unset.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "MA_TEST_POSTGRES";

    public const string NotSetReason =
        $"{Variable} is not set (an Npgsql connection string); run eval \"$(scripts/services.sh start)\" first.";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable))) Skip = NotSetReason;
    }
}
