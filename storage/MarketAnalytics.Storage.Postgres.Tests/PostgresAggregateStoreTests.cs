using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.Postgres.Tests;

public sealed class PostgresAggregateStoreTests
{
    private static readonly InstrumentId Btc = InstrumentId.Of(Venues.Binance, "BTCUSDT");
    private static readonly InstrumentId Eth = InstrumentId.Of(Venues.Binance, "ETHUSDT");
    private static readonly DateTime Noon = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static Trade TradeAt(InstrumentId instrument, string id, DateTime time, decimal price, decimal quantity = 1m,
        TakerSide side = TakerSide.Buy) =>
        new(instrument, id, time, price, quantity, price * quantity, side);

    private static Candle[] Deltas(params Trade[] trades) =>
    [
        .. trades.Select(t => Candle.Of(t, CandleInterval.OneMinute)),
        .. trades.Select(t => Candle.Of(t, CandleInterval.OneHour)),
    ];

    private static async Task<Candle> OnlyMinute(PostgresAggregateStore store, InstrumentId instrument) =>
        Assert.Single(await store.GetCandlesAsync(instrument, CandleInterval.OneMinute, Noon.AddHours(-1), Noon.AddHours(1), default));

    [PostgresFact]
    public async Task Late_trade_changes_the_open_of_its_stored_minute()
    {
        await using var schema = new TestSchema();
        await using var store = await schema.OpenStoreAsync();
        Assert.True(await store.CommitAsync("job", Deltas(TradeAt(Btc, "11", Noon.AddSeconds(20), 101m)), [new("trades-0", 0, 1)], default));
        Assert.True(await store.CommitAsync("job", Deltas(TradeAt(Btc, "10", Noon.AddSeconds(5), 99m)), [new("trades-0", 1, 2)], default));

        var minute = await OnlyMinute(store, Btc);
        Assert.Equal((99m, 101m, 99m, 101m, 2L), (minute.Open, minute.High, minute.Low, minute.Close, minute.Count));
        Assert.Equal(("10", "11"), (minute.FirstTradeId, minute.LastTradeId));
        var hour = Assert.Single(await store.GetCandlesAsync(Btc, CandleInterval.OneHour, Noon, Noon.AddHours(1), default));
        Assert.Equal((99m, 101m, 2L), (hour.Open, hour.Close, hour.Count));
    }

    [PostgresFact]
    public async Task Trades_at_the_same_time_are_ordered_by_numeric_trade_id()
    {
        await using var schema = new TestSchema();
        await using var store = await schema.OpenStoreAsync();
        var time = Noon.AddSeconds(30);
        // "9" sorts after "10" as text but before it as a number, which is how Binance ids grow.
        await store.CommitAsync("job", Deltas(TradeAt(Btc, "10", time, 200m)), [], default);
        await store.CommitAsync("job", Deltas(TradeAt(Btc, "9", time, 100m)), [], default);
        await store.CommitAsync("job", Deltas(TradeAt(Btc, "11", time, 300m)), [], default);

        var minute = await OnlyMinute(store, Btc);
        Assert.Equal((100m, 300m, "9", "11"), (minute.Open, minute.Close, minute.FirstTradeId, minute.LastTradeId));
    }

    [PostgresFact]
    public async Task Stored_windows_equal_merging_the_same_deltas_in_memory()
    {
        await using var schema = new TestSchema();
        await using var store = await schema.OpenStoreAsync();
        var random = new Random(42);
        var expected = new Dictionary<(InstrumentId, CandleInterval, DateTime), Candle>();
        for (var commit = 0; commit < 20; commit++)
        {
            var trades = Enumerable.Range(0, 50).Select(i => TradeAt(
                random.Next(2) == 0 ? Btc : Eth, $"{commit * 100 + i}", Noon.AddTicks(random.NextInt64(TimeSpan.TicksPerHour * 2)),
                random.Next(1000, 2000) + random.Next(100) / 100m, random.Next(1, 500) / 1000m,
                random.Next(2) == 0 ? TakerSide.Buy : TakerSide.Sell)).ToArray();
            var deltas = Deltas(trades);
            foreach (var delta in deltas)
            {
                var key = (delta.Instrument, delta.Interval, delta.OpenTime);
                expected[key] = expected.TryGetValue(key, out var stored) ? stored.Merge(delta, delta.Interval) : delta;
            }
            Assert.True(await store.CommitAsync("job", deltas, [new("trades-0", commit, commit + 1)], default));
        }

        foreach (var interval in CandleInterval.Stored)
        {
            var actual = await store.GetAllCandlesAsync(interval, Noon, Noon.AddHours(2), default);
            var wanted = expected.Values.Where(c => c.Interval == interval)
                .OrderBy(c => c.OpenTime).ThenBy(c => c.Instrument).ToList();
            Assert.Equal(wanted.Select(Text), actual.Select(Text));
        }
    }

    [PostgresFact]
    public async Task Decimals_keep_their_scale_and_trade_times_their_ticks()
    {
        await using var schema = new TestSchema();
        await using var store = await schema.OpenStoreAsync();
        var time = Noon.AddTicks(1234567);
        var trade = new Trade(Btc, "1", time, 65000.10m, 1.50m, 97500.150m, TakerSide.Sell);
        var precise = new Trade(Eth, "2", time, 0.0000000000000000000000000001m, 7922816251426433759354395033.5m, 1m, TakerSide.Buy);
        await store.CommitAsync("job", Deltas(trade, precise), [], default);

        var minute = await OnlyMinute(store, Btc);
        Assert.Equal(Text(Candle.Of(trade, CandleInterval.OneMinute)), Text(minute));
        Assert.Equal("1.50", minute.Volume.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(time.Ticks, minute.FirstTradeTime.Ticks);
        Assert.Equal(Text(Candle.Of(precise, CandleInterval.OneMinute)), Text(await OnlyMinute(store, Eth)));
    }

    [PostgresFact]
    public async Task Commit_is_refused_and_writes_nothing_when_a_range_does_not_start_at_the_stored_offset()
    {
        await using var schema = new TestSchema();
        await using var store = await schema.OpenStoreAsync();
        Assert.True(await store.CommitAsync("job", Deltas(TradeAt(Btc, "1", Noon, 100m)), [new("trades-0", 0, 10), new("trades-1", 5, 7)], default));

        var refused = await store.CommitAsync("job", Deltas(TradeAt(Btc, "2", Noon.AddSeconds(1), 500m)),
            [new("trades-0", 10, 12), new("trades-1", 6, 9), new("trades-2", 0, 3)], default);

        Assert.False(refused);
        Assert.Equal(1, (await OnlyMinute(store, Btc)).Count);
        Assert.Equal(new Dictionary<string, long> { ["trades-0"] = 10, ["trades-1"] = 7 }, await store.GetOffsetsAsync("job", default));
    }

    [PostgresFact]
    public async Task Offsets_advance_per_consumer_and_a_new_partition_accepts_any_start()
    {
        await using var schema = new TestSchema();
        await using var store = await schema.OpenStoreAsync();
        Assert.Empty(await store.GetOffsetsAsync("job", default));
        Assert.True(await store.CommitAsync("job", [], [new("trades-3", 40, 50)], default));
        Assert.True(await store.CommitAsync("job", [], [new("trades-3", 50, 60), new("trades-1", 7, 8)], default));
        Assert.True(await store.CommitAsync("other", [], [new("trades-3", 0, 1)], default));

        Assert.Equal(new Dictionary<string, long> { ["trades-3"] = 60, ["trades-1"] = 8 }, await store.GetOffsetsAsync("job", default));
        Assert.Equal(new Dictionary<string, long> { ["trades-3"] = 1 }, await store.GetOffsetsAsync("other", default));
    }

    [PostgresFact]
    public async Task Two_members_committing_the_same_range_at_once_are_counted_once()
    {
        await using var schema = new TestSchema();
        await using var store = await schema.OpenStoreAsync();
        var deltas = Deltas(TradeAt(Btc, "1", Noon, 100m));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.CommitAsync("job", deltas, [new("trades-0", 0, 1)], default)));

        Assert.Single(results, true);
        Assert.Equal(1, (await OnlyMinute(store, Btc)).Count);
    }

    [PostgresFact]
    public async Task Queries_return_start_inclusive_end_exclusive_windows_in_order()
    {
        await using var schema = new TestSchema();
        await using var store = await schema.OpenStoreAsync();
        var trades = Enumerable.Range(0, 5).SelectMany(m => new[]
        {
            TradeAt(Eth, $"{m}", Noon.AddMinutes(m).AddSeconds(1), 10m + m),
            TradeAt(Btc, $"{m}", Noon.AddMinutes(m).AddSeconds(2), 100m + m),
        }).ToArray();
        await store.CommitAsync("job", Deltas(trades), [], default);

        var btc = await store.GetCandlesAsync(Btc, CandleInterval.OneMinute, Noon.AddMinutes(1), Noon.AddMinutes(3), default);
        Assert.Equal([Noon.AddMinutes(1), Noon.AddMinutes(2)], btc.Select(c => c.OpenTime));
        Assert.All(btc, c => Assert.Equal(Btc, c.Instrument));

        var all = await store.GetAllCandlesAsync(CandleInterval.OneMinute, Noon.AddMinutes(3), Noon.AddMinutes(10), default);
        Assert.Equal([(Noon.AddMinutes(3), Btc), (Noon.AddMinutes(3), Eth), (Noon.AddMinutes(4), Btc), (Noon.AddMinutes(4), Eth)],
            all.Select(c => (c.OpenTime, c.Instrument)));

        var hours = await store.GetAllCandlesAsync(CandleInterval.OneHour, Noon, Noon.AddHours(1), default);
        Assert.Equal([5L, 5L], hours.Select(c => c.Count));
        Assert.Equal([Btc, Eth], await store.GetInstrumentsAsync(default));
    }

    [PostgresFact]
    public async Task Opening_twice_applies_each_migration_once()
    {
        await using var schema = new TestSchema();
        await using (await schema.OpenStoreAsync()) { }
        await using (await schema.OpenStoreAsync()) { }

        Assert.Equal([$"{PostgresMigrations.Latest}"], await schema.QueryAsync("SELECT count(*) FROM schema_migrations"));
    }

    [PostgresFact]
    public async Task Every_query_behind_the_store_uses_an_index()
    {
        await using var schema = new TestSchema();
        await using var store = await schema.OpenStoreAsync();
        // Enough rows that a sequential scan would cost more than the index for a narrow range: 40 instruments x 1000 minutes.
        var instruments = Enumerable.Range(0, 40).Select(i => InstrumentId.Of(Venues.Binance, $"COIN{i}USDT")).ToArray();
        for (var block = 0; block < 4; block++)
        {
            var deltas = instruments.SelectMany(instrument => Enumerable.Range(block * 250, 250)
                .Select(m => Candle.Of(TradeAt(instrument, $"{m}", Noon.AddMinutes(m), 1m), CandleInterval.OneMinute))).ToList();
            await store.CommitAsync("job", deltas, [], default);
        }
        await schema.QueryAsync("ANALYZE");

        string Plan(string sql, params string[] arguments)
        {
            var explained = "EXPLAIN " + string.Format(System.Globalization.CultureInfo.InvariantCulture,
                sql.Replace("$1", "{0}").Replace("$2", "{1}").Replace("$3", "{2}"), arguments.Cast<object>().ToArray());
            return string.Join("\n", schema.QueryAsync(explained).GetAwaiter().GetResult());
        }
        var from = $"'{Noon.AddMinutes(500):O}'::timestamptz";
        var to = $"'{Noon.AddMinutes(510):O}'::timestamptz";

        Assert.Contains("Index", Plan(PostgresAggregateStore.CandlesSql(CandleInterval.OneMinute), "'binance:COIN7USDT'", from, to));
        Assert.Contains("Index", Plan(PostgresAggregateStore.AllCandlesSql(CandleInterval.OneMinute), from, to));
        var instrumentsPlan = Plan(PostgresAggregateStore.InstrumentsSql);
        Assert.Contains("Index Only Scan", instrumentsPlan);
        Assert.DoesNotContain("Seq Scan on minute_aggregates", instrumentsPlan);
        Assert.Equal(instruments.Order(), await store.GetInstrumentsAsync(default));
    }

    [Fact]
    public async Task An_unreachable_server_gives_one_line_naming_it()
    {
        var options = new PostgresStoreOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Timeout=3" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresAggregateStore.OpenAsync(options, default));

        Assert.StartsWith("PostgreSQL at 127.0.0.1:1 is unreachable: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Wrong_settings_are_named_in_the_validation_message()
    {
        var options = new PostgresStoreOptions { ConnectionString = "Port=5432", Schema = "Bad-Schema" };

        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(options.Validate);

        Assert.Contains("Store:Postgres:ConnectionString", error.Message);
        Assert.Contains("Store:Postgres:Schema", error.Message);
    }

    private static string Text(Candle c) => string.Join("|", c.Instrument, c.Interval, c.OpenTime.Ticks, c.Count, c.Open, c.High, c.Low,
        c.Close, c.Volume, c.QuoteVolume, c.TakerBuyVolume, c.TakerBuyQuoteVolume, c.FirstTradeTime.Ticks, c.FirstTradeId,
        c.LastTradeTime.Ticks, c.LastTradeId);
}
