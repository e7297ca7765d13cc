using MarketAnalytics.Storage.Postgres;
using Npgsql;

namespace MarketAnalytics.Storage.Testing;

/// <summary>A schema of one test's own on the server named by <c>MA_TEST_POSTGRES</c>, dropped when disposed, so tests never
/// see each other's rows.</summary>
public sealed class TestSchema : IAsyncDisposable
{
    public PostgresStoreOptions Options { get; } = new()
    {
        ConnectionString = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable) ?? "",
        Schema = $"test_{Guid.NewGuid():N}",
    };

    public Task<PostgresAggregateStore> OpenStoreAsync() => PostgresAggregateStore.OpenAsync(Options, CancellationToken.None);

    /// <summary>Runs <paramref name="sql"/> in this schema and returns its rows' first columns as text.</summary>
    public async Task<List<string>> QueryAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(Options.ConnectionString) { SearchPath = Options.Schema };
        await using var dataSource = NpgsqlDataSource.Create(builder);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (Options.ConnectionString.Length == 0) return;
        await using var dataSource = NpgsqlDataSource.Create(Options.ConnectionString);
        await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {Options.Schema} CASCADE");
        await command.ExecuteNonQueryAsync();
    }
}
