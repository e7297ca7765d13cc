using Xunit;

namespace MarketAnalytics.Storage.Testing;

/// <summary>A test that needs the PostgreSQL server named by <c>MA_TEST_POSTGRES</c>; skipped when the variable is unset.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "MA_TEST_POSTGRES";

    public const string NotSetReason =
        $"{Variable} is not set (an Npgsql connection string); run eval \"$(scripts/services.sh start)\" first.";

    /// <summary>Why a test that needs the server cannot run here, or null when the variable is set.</summary>
    public static string? MissingReason => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)) ? NotSetReason : null;

    public PostgresFactAttribute() => Skip = MissingReason;
}
