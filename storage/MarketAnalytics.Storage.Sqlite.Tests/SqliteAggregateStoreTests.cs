using System.Globalization;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.Data.Sqlite;

namespace MarketAnalytics.Storage.Sqlite.Tests;

public sealed class SqliteAggregateStoreTests : IAsyncLifetime
{
    private const string Group = "aggregation";
    private static readonly InstrumentId Btc = InstrumentId.Parse("binance:BTCUSDT");
    private static readonly InstrumentId Xbt = InstrumentId.Parse("bitmex:XBTUSD");
    private static readonly DateTime Hour = new(2026, 11, 21, 13, 0, 0, DateTimeKind.Utc);
    private static readonly CandleInterval M = CandleInterval.OneMinute;

    private readonly TemporaryStore _temporary = new();

    private SqliteAggregateStore Store => _temporary.Store;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _temporary.DisposeAsync().AsTask();

    [Fact]
    public async Task A_delta_for_a_stored_window_is_merged_into_it_exactly()
    {
        var first = Minute(Btc, Hour, "100", 91234.50m, 1.50m, TakerSide.Buy);
        var second = Minute(Btc, Hour.AddSeconds(30), "99", 91234.1m, 1.5m, TakerSide.Sell)
            .Merge(Minute(Btc, Hour.AddSeconds(59), "120", 91300m, 0.00001m, TakerSide.Buy), M);

        Assert.True(await Store.CommitAsync(Group, [first], [new LogRange("p", 0, 1)], default));
        Assert.True(await Store.CommitAsync(Group, [second], [new LogRange("p", 1, 3)], default));

        var stored = Assert.Single(await Store.GetCandlesAsync(Btc, M, Hour, Hour.AddMinutes(1), default));
        var expected = first.Merge(second, M);
        Assert.Equal(expected, stored);
        Assert.Equal(("3.00001", "273703.81300", "1.50001"), (Text(stored.Volume), Text(stored.QuoteVolume), Text(stored.TakerBuyVolume)));
        Assert.Equal(("91234.50", "91300"), (Text(stored.Open), Text(stored.Close)));
        Assert.Equal(3, stored.Count);
    }

    [Fact]
    public async Task Decimals_keep_every_digit_and_their_scale()
    {
        var candle = Minute(Btc, Hour, "1", 0.0000000000000000000000000001m, 79228162514264337593543950335m, TakerSide.Buy) with
        {
            High = 1.000000000000000000000000000m,
            Close = 12345678901234567.89012345678m,
        };

        await Store.CommitAsync(Group, [candle], [], default);

        var stored = Assert.Single(await Store.GetCandlesAsync(Btc, M, Hour, Hour.AddMinutes(1), default));
        Assert.Equal(Text(candle.Open), Text(stored.Open));
        Assert.Equal(Text(candle.High), Text(stored.High));
        Assert.Equal(Text(candle.Close), Text(stored.Close));
        Assert.Equal(Text(candle.Volume), Text(stored.Volume));
        Assert.Equal(candle, stored);
    }

    [Fact]
    public async Task A_commit_advances_the_offsets_of_its_ranges()
    {
        await Store.CommitAsync(Group, [], [new LogRange("binance:BTCUSDT", 0, 10), new LogRange("bitmex:XBTUSD", 5, 7)], default);
        await Store.CommitAsync(Group, [], [new LogRange("binance:BTCUSDT", 10, 25)], default);

        var offsets = await Store.GetOffsetsAsync(Group, default);

        Assert.Equal(new Dictionary<string, long> { ["binance:BTCUSDT"] = 25, ["bitmex:XBTUSD"] = 7 }, offsets);
        Assert.Empty(await Store.GetOffsetsAsync("other-group", default));
    }

    [Fact]
    public async Task A_commit_whose_range_does_not_start_at_the_stored_offset_writes_nothing()
    {
        var committed = Minute(Btc, Hour, "1", 100m, 1m, TakerSide.Buy);
        await Store.CommitAsync(Group, [committed, Hour1(committed)], [new LogRange("a", 0, 10), new LogRange("b", 0, 4)], default);

        var refused = await Store.CommitAsync(Group,
            [Minute(Btc, Hour.AddSeconds(1), "2", 200m, 1m, TakerSide.Buy), Minute(Xbt, Hour, "x", 1m, 1m, TakerSide.Buy)],
            [new LogRange("b", 4, 6), new LogRange("a", 5, 12), new LogRange("c", 0, 3)], default);

        Assert.False(refused);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 10, ["b"] = 4 }, await Store.GetOffsetsAsync(Group, default));
        Assert.Equal([committed], await Store.GetAllCandlesAsync(M, DateTime.MinValue, DateTime.MaxValue, default));
        Assert.Equal([Btc], await Store.GetInstrumentsAsync(default));
    }

    [Fact]
    public async Task A_partition_with_no_stored_offset_accepts_any_start()
    {
        Assert.True(await Store.CommitAsync(Group, [], [new LogRange("a", 1234, 1300)], default));
        Assert.True(await Store.CommitAsync("second-group", [], [new LogRange("a", 7, 8)], default));

        Assert.Equal(1300, (await Store.GetOffsetsAsync(Group, default))["a"]);
        Assert.Equal(8, (await Store.GetOffsetsAsync("second-group", default))["a"]);
    }

    [Fact]
    public async Task Candle_ranges_are_start_inclusive_end_exclusive_and_ascending()
    {
        var minutes = Enumerable.Range(0, 5).Reverse()
            .SelectMany(i => new[] { Minute(Xbt, Hour.AddMinutes(i), "x" + i, 100m + i, 1m, TakerSide.Buy),
                Minute(Btc, Hour.AddMinutes(i).AddSeconds(59), (i + 1).ToString(CultureInfo.InvariantCulture), 200m + i, 1m, TakerSide.Sell) })
            .ToList();
        await Store.CommitAsync(Group, minutes, [], default);

        var one = await Store.GetCandlesAsync(Btc, M, Hour.AddMinutes(1), Hour.AddMinutes(4), default);
        var all = await Store.GetAllCandlesAsync(M, Hour.AddMinutes(1), Hour.AddMinutes(3), default);

        Assert.Equal([Hour.AddMinutes(1), Hour.AddMinutes(2), Hour.AddMinutes(3)], one.Select(c => c.OpenTime));
        Assert.All(one, c => Assert.Equal(Btc, c.Instrument));
        Assert.Equal([(Hour.AddMinutes(1), Btc), (Hour.AddMinutes(1), Xbt), (Hour.AddMinutes(2), Btc), (Hour.AddMinutes(2), Xbt)],
            all.Select(c => (c.OpenTime, c.Instrument)));
        Assert.Empty(await Store.GetCandlesAsync(Btc, M, Hour.AddMinutes(2), Hour.AddMinutes(2), default));
        Assert.Empty(await Store.GetCandlesAsync(Btc, CandleInterval.OneHour, Hour, Hour.AddHours(1), default));
    }

    [Fact]
    public async Task Hours_and_minutes_are_stored_apart()
    {
        var minute = Minute(Btc, Hour.AddMinutes(59), "1", 100m, 1m, TakerSide.Buy);
        await Store.CommitAsync(Group, [minute, Hour1(minute)], [], default);

        Assert.Equal([Hour1(minute)], await Store.GetAllCandlesAsync(CandleInterval.OneHour, Hour, Hour.AddHours(1), default));
        Assert.Equal([minute], await Store.GetAllCandlesAsync(M, Hour, Hour.AddHours(1), default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAllCandlesAsync(CandleInterval.FiveMinutes, Hour, Hour.AddHours(1), default));
    }

    [Fact]
    public async Task Instruments_are_those_with_a_stored_candle_in_order()
    {
        Assert.Empty(await Store.GetInstrumentsAsync(default));
        var xbt = Minute(Xbt, Hour, "x", 1m, 1m, TakerSide.Buy);
        var btc = Minute(Btc, Hour.AddHours(3), "1", 1m, 1m, TakerSide.Buy);

        await Store.CommitAsync(Group, [xbt, Hour1(xbt), btc, Hour1(btc)], [], default);

        Assert.Equal([Btc, Xbt], await Store.GetInstrumentsAsync(default));
    }

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
        Assert.Equal("1.000", Text((await reopened.GetCandlesAsync(Btc, M, Hour, Hour.AddHours(1), default))[0].Volume));
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

    private static Candle Minute(InstrumentId instrument, DateTime time, string id, decimal price, decimal quantity, TakerSide side) =>
        Candle.Of(new Trade(instrument, id, time, price, quantity, price * quantity, side), M);

    private static Candle Hour1(Candle minute) => Candle.RollUp([minute], CandleInterval.OneHour)[0];

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
