using System.Globalization;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Xunit;

namespace MarketAnalytics.Storage.Testing;

/// <summary>What every <see cref="IAggregateStore"/> must do, written once: exact merges of window deltas, exact decimals,
/// offsets that move only with their commit, start-inclusive end-exclusive ranges in order. Each backend's test class derives
/// from it and adds what only that backend has (its schema, its query plans).</summary>
public abstract class AggregateStoreContract
{
    private const string Group = "aggregation";
    private static readonly InstrumentId Btc = InstrumentId.Of(Venues.Binance, "BTCUSDT");
    private static readonly InstrumentId Eth = InstrumentId.Of(Venues.Binance, "ETHUSDT");
    private static readonly InstrumentId Xbt = InstrumentId.Of(Venues.Bitmex, "XBTUSD");
    private static readonly DateTime Hour = new(2026, 11, 21, 13, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Noon = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly CandleInterval M = CandleInterval.OneMinute;

    /// <summary>The store under test, on empty storage of this test's own; the same store on every call within a test.</summary>
    protected abstract Task<IAggregateStore> OpenStoreAsync();

    [ContractFact]
    public async Task A_delta_for_a_stored_window_is_merged_into_it_exactly()
    {
        var store = await OpenStoreAsync();
        var first = Minute(Btc, Hour, "100", 91234.50m, 1.50m, TakerSide.Buy);
        var second = Minute(Btc, Hour.AddSeconds(30), "99", 91234.1m, 1.5m, TakerSide.Sell)
            .Merge(Minute(Btc, Hour.AddSeconds(59), "120", 91300m, 0.00001m, TakerSide.Buy), M);

        Assert.True(await store.CommitAsync(Group, [first], [new LogRange("p", 0, 1)], default));
        Assert.True(await store.CommitAsync(Group, [second], [new LogRange("p", 1, 3)], default));

        var stored = Assert.Single(await store.GetCandlesAsync(Btc, M, Hour, Hour.AddMinutes(1), default));
        var expected = first.Merge(second, M);
        Assert.Equal(expected, stored);
        Assert.Equal(("3.00001", "273703.81300", "1.50001"), (Digits(stored.Volume), Digits(stored.QuoteVolume), Digits(stored.TakerBuyVolume)));
        Assert.Equal(("91234.50", "91300"), (Digits(stored.Open), Digits(stored.Close)));
        Assert.Equal(3, stored.Count);
    }

    [ContractFact]
    public async Task Late_trade_changes_the_open_of_its_stored_minute()
    {
        var store = await OpenStoreAsync();
        Assert.True(await store.CommitAsync("job", Deltas(TradeAt(Btc, "11", Noon.AddSeconds(20), 101m)), [new("trades-0", 0, 1)], default));
        Assert.True(await store.CommitAsync("job", Deltas(TradeAt(Btc, "10", Noon.AddSeconds(5), 99m)), [new("trades-0", 1, 2)], default));

        var minute = await OnlyMinute(store, Btc);
        Assert.Equal((99m, 101m, 99m, 101m, 2L), (minute.Open, minute.High, minute.Low, minute.Close, minute.Count));
        Assert.Equal(("10", "11"), (minute.FirstTradeId, minute.LastTradeId));
        var hour = Assert.Single(await store.GetCandlesAsync(Btc, CandleInterval.OneHour, Noon, Noon.AddHours(1), default));
        Assert.Equal((99m, 101m, 2L), (hour.Open, hour.Close, hour.Count));
    }

    [ContractFact]
    public async Task Trades_at_the_same_time_are_ordered_by_numeric_trade_id()
    {
        var store = await OpenStoreAsync();
        var time = Noon.AddSeconds(30);
        // "9" sorts after "10" as text but before it as a number, which is how Binance ids grow.
        await store.CommitAsync("job", Deltas(TradeAt(Btc, "10", time, 200m)), [], default);
        await store.CommitAsync("job", Deltas(TradeAt(Btc, "9", time, 100m)), [], default);
        await store.CommitAsync("job", Deltas(TradeAt(Btc, "11", time, 300m)), [], default);

        var minute = await OnlyMinute(store, Btc);
        Assert.Equal((100m, 300m, "9", "11"), (minute.Open, minute.Close, minute.FirstTradeId, minute.LastTradeId));
    }

    [ContractFact]
    public async Task Stored_windows_equal_merging_the_same_deltas_in_memory()
    {
        var store = await OpenStoreAsync();
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
            Assert.Equal(wanted.Select(Row), actual.Select(Row));
        }
    }

    [ContractFact]
    public async Task Decimals_keep_every_digit_and_their_scale()
    {
        var store = await OpenStoreAsync();
        var candle = Minute(Btc, Hour, "1", 0.0000000000000000000000000001m, 79228162514264337593543950335m, TakerSide.Buy) with
        {
            High = 1.000000000000000000000000000m,
            Close = 12345678901234567.89012345678m,
        };

        await store.CommitAsync(Group, [candle], [], default);

        var stored = Assert.Single(await store.GetCandlesAsync(Btc, M, Hour, Hour.AddMinutes(1), default));
        Assert.Equal(Digits(candle.Open), Digits(stored.Open));
        Assert.Equal(Digits(candle.High), Digits(stored.High));
        Assert.Equal(Digits(candle.Close), Digits(stored.Close));
        Assert.Equal(Digits(candle.Volume), Digits(stored.Volume));
        Assert.Equal(candle, stored);
    }

    [ContractFact]
    public async Task Decimals_keep_their_scale_and_trade_times_their_ticks()
    {
        var store = await OpenStoreAsync();
        var time = Noon.AddTicks(1234567);
        var trade = new Trade(Btc, "1", time, 65000.10m, 1.50m, 97500.150m, TakerSide.Sell);
        var precise = new Trade(Eth, "2", time, 0.0000000000000000000000000001m, 7922816251426433759354395033.5m, 1m, TakerSide.Buy);
        await store.CommitAsync("job", Deltas(trade, precise), [], default);

        var minute = await OnlyMinute(store, Btc);
        Assert.Equal(Row(Candle.Of(trade, CandleInterval.OneMinute)), Row(minute));
        Assert.Equal("1.50", Digits(minute.Volume));
        Assert.Equal(time.Ticks, minute.FirstTradeTime.Ticks);
        Assert.Equal(Row(Candle.Of(precise, CandleInterval.OneMinute)), Row(await OnlyMinute(store, Eth)));
    }

    [ContractFact]
    public async Task A_commit_advances_the_offsets_of_its_ranges()
    {
        var store = await OpenStoreAsync();
        await store.CommitAsync(Group, [], [new LogRange("binance:BTCUSDT", 0, 10), new LogRange("bitmex:XBTUSD", 5, 7)], default);
        await store.CommitAsync(Group, [], [new LogRange("binance:BTCUSDT", 10, 25)], default);

        var offsets = await store.GetOffsetsAsync(Group, default);

        Assert.Equal(new Dictionary<string, long> { ["binance:BTCUSDT"] = 25, ["bitmex:XBTUSD"] = 7 }, offsets);
        Assert.Empty(await store.GetOffsetsAsync("other-group", default));
    }

    [ContractFact]
    public async Task A_commit_whose_range_does_not_start_at_the_stored_offset_writes_nothing()
    {
        var store = await OpenStoreAsync();
        var committed = Minute(Btc, Hour, "1", 100m, 1m, TakerSide.Buy);
        await store.CommitAsync(Group, [committed, Hour1(committed)], [new LogRange("a", 0, 10), new LogRange("b", 0, 4)], default);

        var refused = await store.CommitAsync(Group,
            [Minute(Btc, Hour.AddSeconds(1), "2", 200m, 1m, TakerSide.Buy), Minute(Xbt, Hour, "x", 1m, 1m, TakerSide.Buy)],
            [new LogRange("b", 4, 6), new LogRange("a", 5, 12), new LogRange("c", 0, 3)], default);

        Assert.False(refused);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 10, ["b"] = 4 }, await store.GetOffsetsAsync(Group, default));
        Assert.Equal([committed], await store.GetAllCandlesAsync(M, DateTime.MinValue, DateTime.MaxValue, default));
        Assert.Equal([Btc], await store.GetInstrumentsAsync(default));
    }

    [ContractFact]
    public async Task Commit_is_refused_and_writes_nothing_when_a_range_does_not_start_at_the_stored_offset()
    {
        var store = await OpenStoreAsync();
        Assert.True(await store.CommitAsync("job", Deltas(TradeAt(Btc, "1", Noon, 100m)), [new("trades-0", 0, 10), new("trades-1", 5, 7)], default));

        var refused = await store.CommitAsync("job", Deltas(TradeAt(Btc, "2", Noon.AddSeconds(1), 500m)),
            [new("trades-0", 10, 12), new("trades-1", 6, 9), new("trades-2", 0, 3)], default);

        Assert.False(refused);
        Assert.Equal(1, (await OnlyMinute(store, Btc)).Count);
        Assert.Equal(new Dictionary<string, long> { ["trades-0"] = 10, ["trades-1"] = 7 }, await store.GetOffsetsAsync("job", default));
    }

    [ContractFact]
    public async Task A_partition_with_no_stored_offset_accepts_any_start()
    {
        var store = await OpenStoreAsync();
        Assert.True(await store.CommitAsync(Group, [], [new LogRange("a", 1234, 1300)], default));
        Assert.True(await store.CommitAsync("second-group", [], [new LogRange("a", 7, 8)], default));

        Assert.Equal(1300, (await store.GetOffsetsAsync(Group, default))["a"]);
        Assert.Equal(8, (await store.GetOffsetsAsync("second-group", default))["a"]);
    }

    [ContractFact]
    public async Task Offsets_advance_per_consumer_and_a_new_partition_accepts_any_start()
    {
        var store = await OpenStoreAsync();
        Assert.Empty(await store.GetOffsetsAsync("job", default));
        Assert.True(await store.CommitAsync("job", [], [new("trades-3", 40, 50)], default));
        Assert.True(await store.CommitAsync("job", [], [new("trades-3", 50, 60), new("trades-1", 7, 8)], default));
        Assert.True(await store.CommitAsync("other", [], [new("trades-3", 0, 1)], default));

        Assert.Equal(new Dictionary<string, long> { ["trades-3"] = 60, ["trades-1"] = 8 }, await store.GetOffsetsAsync("job", default));
        Assert.Equal(new Dictionary<string, long> { ["trades-3"] = 1 }, await store.GetOffsetsAsync("other", default));
    }

    [ContractFact]
    public async Task Two_members_committing_the_same_range_at_once_are_counted_once()
    {
        var store = await OpenStoreAsync();
        var deltas = Deltas(TradeAt(Btc, "1", Noon, 100m));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.CommitAsync("job", deltas, [new("trades-0", 0, 1)], default)));

        Assert.Single(results, true);
        Assert.Equal(1, (await OnlyMinute(store, Btc)).Count);
    }

    [ContractFact]
    public async Task Candle_ranges_are_start_inclusive_end_exclusive_and_ascending()
    {
        var store = await OpenStoreAsync();
        var minutes = Enumerable.Range(0, 5).Reverse()
            .SelectMany(i => new[] { Minute(Xbt, Hour.AddMinutes(i), "x" + i, 100m + i, 1m, TakerSide.Buy),
                Minute(Btc, Hour.AddMinutes(i).AddSeconds(59), (i + 1).ToString(CultureInfo.InvariantCulture), 200m + i, 1m, TakerSide.Sell) })
            .ToList();
        await store.CommitAsync(Group, minutes, [], default);

        var one = await store.GetCandlesAsync(Btc, M, Hour.AddMinutes(1), Hour.AddMinutes(4), default);
        var all = await store.GetAllCandlesAsync(M, Hour.AddMinutes(1), Hour.AddMinutes(3), default);

        Assert.Equal([Hour.AddMinutes(1), Hour.AddMinutes(2), Hour.AddMinutes(3)], one.Select(c => c.OpenTime));
        Assert.All(one, c => Assert.Equal(Btc, c.Instrument));
        Assert.Equal([(Hour.AddMinutes(1), Btc), (Hour.AddMinutes(1), Xbt), (Hour.AddMinutes(2), Btc), (Hour.AddMinutes(2), Xbt)],
            all.Select(c => (c.OpenTime, c.Instrument)));
        Assert.Empty(await store.GetCandlesAsync(Btc, M, Hour.AddMinutes(2), Hour.AddMinutes(2), default));
        Assert.Empty(await store.GetCandlesAsync(Btc, CandleInterval.OneHour, Hour, Hour.AddHours(1), default));
    }

    [ContractFact]
    public async Task Queries_return_start_inclusive_end_exclusive_windows_in_order()
    {
        var store = await OpenStoreAsync();
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

    [ContractFact]
    public async Task Hours_and_minutes_are_stored_apart()
    {
        var store = await OpenStoreAsync();
        var minute = Minute(Btc, Hour.AddMinutes(59), "1", 100m, 1m, TakerSide.Buy);
        await store.CommitAsync(Group, [minute, Hour1(minute)], [], default);

        Assert.Equal([Hour1(minute)], await store.GetAllCandlesAsync(CandleInterval.OneHour, Hour, Hour.AddHours(1), default));
        Assert.Equal([minute], await store.GetAllCandlesAsync(M, Hour, Hour.AddHours(1), default));
        // An argument error, whichever kind the backend names (SQLite: ArgumentException, PostgreSQL: ArgumentOutOfRangeException).
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAllCandlesAsync(CandleInterval.FiveMinutes, Hour, Hour.AddHours(1), default));
    }

    [ContractFact]
    public async Task Instruments_are_those_with_a_stored_candle_in_order()
    {
        var store = await OpenStoreAsync();
        Assert.Empty(await store.GetInstrumentsAsync(default));
        var xbt = Minute(Xbt, Hour, "x", 1m, 1m, TakerSide.Buy);
        var btc = Minute(Btc, Hour.AddHours(3), "1", 1m, 1m, TakerSide.Buy);

        await store.CommitAsync(Group, [xbt, Hour1(xbt), btc, Hour1(btc)], [], default);

        Assert.Equal([Btc, Xbt], await store.GetInstrumentsAsync(default));
    }

    /// <summary>The 1-minute candle of a trade of <paramref name="quantity"/> at <paramref name="price"/>.</summary>
    protected static Candle Minute(InstrumentId instrument, DateTime time, string id, decimal price, decimal quantity, TakerSide side) =>
        Candle.Of(new Trade(instrument, id, time, price, quantity, price * quantity, side), M);

    /// <summary>The hour that holds <paramref name="minute"/> alone.</summary>
    protected static Candle Hour1(Candle minute) => Candle.RollUp([minute], CandleInterval.OneHour)[0];

    /// <summary>A decimal's digits as written, scale included.</summary>
    protected static string Digits(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static Trade TradeAt(InstrumentId instrument, string id, DateTime time, decimal price, decimal quantity = 1m,
        TakerSide side = TakerSide.Buy) =>
        new(instrument, id, time, price, quantity, price * quantity, side);

    private static Candle[] Deltas(params Trade[] trades) =>
    [
        .. trades.Select(t => Candle.Of(t, CandleInterval.OneMinute)),
        .. trades.Select(t => Candle.Of(t, CandleInterval.OneHour)),
    ];

    private static async Task<Candle> OnlyMinute(IAggregateStore store, InstrumentId instrument) =>
        Assert.Single(await store.GetCandlesAsync(instrument, CandleInterval.OneMinute, Noon.AddHours(-1), Noon.AddHours(1), default));

    // Every field, with decimals as written, so a changed scale or tick shows.
    private static string Row(Candle c) => string.Join("|", c.Instrument, c.Interval, c.OpenTime.Ticks, c.Count, c.Open, c.High, c.Low,
        c.Close, c.Volume, c.QuoteVolume, c.TakerBuyVolume, c.TakerBuyQuoteVolume, c.FirstTradeTime.Ticks, c.FirstTradeId,
        c.LastTradeTime.Ticks, c.LastTradeId);
}
