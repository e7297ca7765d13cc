using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.Testing;
using Microsoft.Data.Sqlite;

namespace MarketAnalytics.Storage.Sqlite.Tests;

/// <summary>The aggregate store contract on SQLite, and what only SQLite has: its schema version, WAL and query plans.</summary>
public sealed class SqliteAggregateStoreTests : AggregateStoreContract, IAsyncLifetime
{
    private const string Group = "aggregation";
    private static readonly InstrumentId Btc = InstrumentId.Parse("binance:BTCUSDT");
    private static readonly DateTime Hour = new(2026, 11, 21, 13, 0, 0, DateTimeKind.Utc);
    private static readonly CandleInterval M = CandleInterval.OneMinute;

    private readonly TemporaryStore _temporary = new();

    private SqliteAggregateStore Store => _temporary.Store;

    protected override Task<IAggregateStore> OpenStoreAsync() => Task.FromResult<IAggregateStore>(Store);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _temporary.DisposeAsync().AsTask();

    [Fact]
    public async Task Reopening_keeps_the_data_and_applies_the_schema_once()
    {
        var minute = Minute(Btc, Hour, "1", 100.10m, 1.000m, TakerSide.Buy);
        await Store.CommitAsync(Group, [minute, Hour1(minute)], [new LogRange("p", 0, 1)], default);
        var version = Scalar("PRAGMA user_version");
        var schema = Scalar("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master ORDER BY name)");

        await _temporary.ReopenAsync();
        var reopened = await _temporary.ReopenAsync();

        Assert.Equal([minute], await reopened.GetAllCandlesAsync(M, Hour, Hour.AddHours(1), default));
        Assert.Equal("1.000", Digits((await reopened.GetCandlesAsync(Btc, M, Hour, Hour.AddHours(1), default))[0].Volume));
        Assert.Equal(1, (await reopened.GetOffsetsAsync(Group, default))["p"]);
        Assert.True((long)version! >= 1);
        Assert.Equal(version, Scalar("PRAGMA user_version"));
        Assert.Equal(schema, Scalar("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master ORDER BY name)"));
        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
    }

    // The statements the store runs, with parameters: each must search an index (the primary key or window_start), never scan.
    [Theory]
    [InlineData("SELECT * FROM minute_aggregates WHERE instrument = $i AND window_start >= $f AND window_start < $t ORDER BY window_start")]
    [InlineData("SELECT * FROM hour_aggregates WHERE instrument = $i AND window_start >= $f AND window_start < $t ORDER BY window_start")]
    [InlineData("SELECT * FROM minute_aggregates WHERE window_start >= $f AND window_start < $t ORDER BY window_start, instrument")]
    [InlineData("SELECT * FROM hour_aggregates WHERE window_start >= $f AND window_start < $t ORDER BY window_start, instrument")]
    [InlineData("SELECT * FROM minute_aggregates WHERE instrument = $i AND window_start = $f")]
    [InlineData("SELECT * FROM hour_aggregates WHERE instrument = $i AND window_start = $f")]
    [InlineData("SELECT partition, next_offset FROM consumer_offsets WHERE consumer = $i")]
    [InlineData("""
        WITH RECURSIVE instruments(instrument) AS (
            SELECT min(instrument) FROM hour_aggregates
            UNION ALL
            SELECT (SELECT min(instrument) FROM hour_aggregates WHERE instrument > instruments.instrument)
            FROM instruments WHERE instrument IS NOT NULL)
        SELECT instrument FROM instruments WHERE instrument IS NOT NULL
        """)]
    public void Queries_search_an_index_rather_than_scan_the_table(string query)
    {
        using var connection = new SqliteConnection($"Data Source={_temporary.FilePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + query;
        foreach (var name in new[] { "$i", "$f", "$t" })
            if (query.Contains(name, StringComparison.Ordinal)) command.Parameters.AddWithValue(name, 1);
        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) plan.Add(reader.GetString(3));

        Assert.Contains(plan, step => step.StartsWith("SEARCH", StringComparison.Ordinal)
            && (step.Contains("PRIMARY KEY", StringComparison.Ordinal) || step.Contains("_by_window", StringComparison.Ordinal)));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal) && step.Contains("_aggregates", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN consumer_offsets", StringComparison.Ordinal) || step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_temporary.FilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
