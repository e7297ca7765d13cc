using MarketAnalytics.Core.Testing;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate.Tests;

public class TradeAggregatorTests
{
    private static readonly InstrumentId Btc = InstrumentId.Parse("binance:BTCUSDT");
    private static readonly DateTime Hour = new(2026, 11, 21, 13, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Candles_match_a_reference_computed_from_the_raw_trades()
    {
        SeededProperty.Check(MarketTrades.Stream(), trades =>
        {
            var aggregator = new TradeAggregator();
            aggregator.AddRange(trades);

            Assert.Equal(trades.Count(t => t.IsMarket), aggregator.TradeCount);
            AssertSameCandles(ReferenceCandles.MinutesAndHours(trades), aggregator.TakeDeltas());
        });
    }

    [Fact]
    public void Batches_merged_with_candle_merge_give_the_candles_of_one_batch()
    {
        var streamAndCuts =
            from trades in MarketTrades.Stream()
            from cuts in Gen.ListOf(Gen.Choose(0, Math.Max(0, trades.Count)), 6)
            select (trades, cuts.Distinct().Order().ToList());
        SeededProperty.Check(streamAndCuts, c =>
        {
            var (trades, cuts) = c;
            var aggregator = new TradeAggregator();
            var merged = new Dictionary<(CandleInterval, InstrumentId, DateTime), Candle>();
            var from = 0;
            foreach (var to in cuts.Append(trades.Count))
            {
                aggregator.AddRange(trades.Skip(from).Take(to - from));
                from = to;
                foreach (var delta in aggregator.TakeDeltas())
                {
                    var key = (delta.Interval, delta.Instrument, delta.OpenTime);
                    merged[key] = merged.TryGetValue(key, out var stored) ? stored.Merge(delta, delta.Interval) : delta;
                }
            }

            var oneBatch = new TradeAggregator();
            oneBatch.AddRange(trades);
            AssertSameCandles(oneBatch.TakeDeltas(), Ordered(merged.Values));
        });
    }

    [Fact]
    public void A_trade_exactly_on_a_minute_edge_opens_the_next_minute()
    {
        var aggregator = new TradeAggregator();
        aggregator.Add(Trade("1", Hour.AddMinutes(1).AddTicks(-1), 100m));
        aggregator.Add(Trade("2", Hour.AddMinutes(1), 101m));
        aggregator.Add(Trade("3", Hour.AddHours(1), 102m));

        var deltas = aggregator.TakeDeltas();

        Assert.Equal(
            [("1m", Hour, 1L), ("1m", Hour.AddMinutes(1), 1L), ("1m", Hour.AddHours(1), 1L), ("1h", Hour, 2L), ("1h", Hour.AddHours(1), 1L)],
            deltas.Select(d => (d.Interval.Name, d.OpenTime, d.Count)));
        Assert.Equal((100m, 101m), (deltas[3].Open, deltas[3].Close));
    }

    [Fact]
    public void Non_market_trades_are_left_out()
    {
        var aggregator = new TradeAggregator();
        aggregator.Add(Trade("1", Hour, 100m));
        aggregator.Add(Trade("2", Hour.AddSeconds(1), 50m) with { IsMarket = false });

        var minute = aggregator.TakeDeltas()[0];

        Assert.Equal((1L, 100m, 100m, "1"), (minute.Count, minute.Low, minute.Close, minute.LastTradeId));
    }

    [Fact]
    public void Only_non_market_trades_give_no_candles()
    {
        var aggregator = new TradeAggregator();
        aggregator.Add(Trade("1", Hour, 100m) with { IsMarket = false });

        Assert.Equal(0, aggregator.TradeCount);
        Assert.Empty(aggregator.TakeDeltas());
    }

    [Fact]
    public void Equal_timestamps_are_ordered_by_numeric_id()
    {
        var aggregator = new TradeAggregator();
        aggregator.Add(Trade("10", Hour, 110m));
        aggregator.Add(Trade("9", Hour, 109m));
        aggregator.Add(Trade("11", Hour, 111m));
        aggregator.Add(Trade("8", Hour, 108m));

        var minute = aggregator.TakeDeltas()[0];

        Assert.Equal((108m, 111m, "8", "11"), (minute.Open, minute.Close, minute.FirstTradeId, minute.LastTradeId));
    }

    [Fact]
    public void Sums_keep_the_scale_of_the_quantities()
    {
        var aggregator = new TradeAggregator();
        aggregator.Add(Trade("1", Hour, 100.10m) with { BaseQuantity = 0.500m, QuoteQuantity = 50.05000m });
        aggregator.Add(Trade("2", Hour, 100.1m) with { BaseQuantity = 0.5m, QuoteQuantity = 50.05m });

        var hour = aggregator.TakeDeltas().Single(d => d.Interval == CandleInterval.OneHour);

        Assert.Equal(("1.000", "100.10000"),
            (hour.Volume.ToString(CultureInfo.InvariantCulture), hour.QuoteVolume.ToString(CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("0.5", "9223372036854775807", "1.25")]
    [InlineData("922337203685477580.7", "0.1", "0.01")]
    [InlineData("0.0000000000000000000000000001", "1", "0.1")]
    [InlineData("79228162514264337593543950334", "1", "0")]
    [InlineData("1.000000000000000000", "0.1", "-0.25")]
    [InlineData("0", "0.000", "0.00000")]
    public void Sums_stay_exact_past_64_bits_fine_scales_and_negative_amounts(string first, string second, string third)
    {
        var quantities = new[] { first, second, third }.Select(q => decimal.Parse(q, CultureInfo.InvariantCulture)).ToArray();
        var trades = quantities.Select((q, i) => Trade((i + 1).ToString(CultureInfo.InvariantCulture), Hour.AddSeconds(i), 100m) with
        {
            BaseQuantity = q,
            QuoteQuantity = q / 3m,
        }).ToList();
        var aggregator = new TradeAggregator();
        aggregator.AddRange(trades);

        AssertSameCandles(ReferenceCandles.MinutesAndHours(trades), aggregator.TakeDeltas());
    }

    [Fact]
    public void Taking_the_deltas_starts_over()
    {
        var aggregator = new TradeAggregator();
        aggregator.Add(Trade("1", Hour, 100m));
        aggregator.TakeDeltas();
        aggregator.Add(Trade("2", Hour.AddSeconds(5), 101m));

        Assert.Equal(1, aggregator.TradeCount);
        var deltas = aggregator.TakeDeltas();
        Assert.All(deltas, d => Assert.Equal((1L, "2"), (d.Count, d.FirstTradeId)));
        Assert.Equal(0, aggregator.TradeCount);
    }

    [Fact]
    public void Instruments_equal_by_value_share_their_candles()
    {
        var aggregator = new TradeAggregator();
        aggregator.Add(Trade("1", Hour, 100m) with { Instrument = InstrumentId.Parse("binance:btcusdt") });
        aggregator.Add(Trade("2", Hour, 101m) with { Instrument = InstrumentId.Of("BINANCE", "BTCUSDT") });

        Assert.Equal([2L, 2L], aggregator.TakeDeltas().Select(d => d.Count));
    }

    private static Trade Trade(string id, DateTime time, decimal price) => new(Btc, id, time, price, 1m, price, TakerSide.Buy);

    private static IReadOnlyList<Candle> Ordered(IEnumerable<Candle> candles) =>
        candles.OrderBy(c => c.Interval.Minutes).ThenBy(c => c.Instrument).ThenBy(c => c.OpenTime).ToList();

    // Record equality compares decimals by value; the volumes are compared as text too, so their scale is checked.
    private static void AssertSameCandles(IReadOnlyList<Candle> expected, IReadOnlyList<Candle> actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(expected.Select(Volumes), actual.Select(Volumes));
        static string Volumes(Candle c) => string.Create(CultureInfo.InvariantCulture,
            $"{c.Volume} {c.QuoteVolume} {c.TakerBuyVolume} {c.TakerBuyQuoteVolume}");
    }
}
