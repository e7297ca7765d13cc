using FsCheck;
using FsCheck.Fluent;
using MarketAnalytics.Core.Testing;

namespace MarketAnalytics.Core.Tests;

public class CandleTests
{
    private static readonly InstrumentId Btc = InstrumentId.Parse("binance:BTCUSDT");
    private static readonly DateTime Minute = new(2026, 11, 21, 13, 47, 0, DateTimeKind.Utc);

    [Fact]
    public void A_one_trade_candle_holds_that_trade_in_its_window()
    {
        var trade = new Trade(Btc, "17", Minute.AddSeconds(31), 91234.50m, 0.012m, 1094.814m, TakerSide.Buy);

        var candle = Candle.Of(trade, CandleInterval.OneMinute);

        Assert.Equal(new Candle(Btc, CandleInterval.OneMinute, Minute, 1, 91234.50m, 91234.50m, 91234.50m, 91234.50m,
            0.012m, 1094.814m, 0.012m, 1094.814m, trade.Time, "17", trade.Time, "17"), candle);
        Assert.Equal(Minute.AddMinutes(1), candle.CloseTime);
        Assert.Equal(91234.50m, candle.Vwap);
    }

    [Fact]
    public void A_taker_sell_counts_in_volume_but_not_in_taker_buy_volume()
    {
        var candle = Candle.Of(new Trade(Btc, "1", Minute, 100m, 2m, 200m, TakerSide.Sell), CandleInterval.OneMinute);

        Assert.Equal((2m, 200m, 0m, 0m), (candle.Volume, candle.QuoteVolume, candle.TakerBuyVolume, candle.TakerBuyQuoteVolume));
    }

    [Fact]
    public void Merge_takes_open_and_close_by_time_then_id()
    {
        var early = Candle.Of(new Trade(Btc, "10", Minute.AddSeconds(1), 101m, 1m, 101m, TakerSide.Buy), CandleInterval.OneMinute);
        var sameTimeLowerId = Candle.Of(new Trade(Btc, "9", Minute.AddSeconds(1), 99m, 1m, 99m, TakerSide.Sell), CandleInterval.OneMinute);
        var late = Candle.Of(new Trade(Btc, "2", Minute.AddSeconds(59), 105m, 1m, 105m, TakerSide.Sell), CandleInterval.OneMinute);

        var merged = late.Merge(early, CandleInterval.OneMinute).Merge(sameTimeLowerId, CandleInterval.OneMinute);

        Assert.Equal((99m, 105m, 99m, 105m), (merged.Open, merged.High, merged.Low, merged.Close));
        Assert.Equal(("9", "2"), (merged.FirstTradeId, merged.LastTradeId));
        Assert.Equal(3, merged.Count);
        Assert.Equal(Minute, merged.OpenTime);
    }

    [Fact]
    public void Merge_keeps_the_scale_of_the_decimals()
    {
        var a = Candle.Of(new Trade(Btc, "1", Minute, 2.10m, 1.50m, 3.150m, TakerSide.Buy), CandleInterval.OneMinute);
        var b = Candle.Of(new Trade(Btc, "2", Minute, 2.1m, 1.5m, 3.15m, TakerSide.Buy), CandleInterval.OneMinute);

        var merged = a.Merge(b, CandleInterval.OneMinute);

        Assert.Equal("3.00", merged.Volume.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("6.300", merged.QuoteVolume.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("3.00", merged.TakerBuyVolume.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Merge_is_commutative_and_associative_on_the_values()
    {
        SeededProperty.Check(ThreeDisjointCandles(), parts =>
        {
            var (a, b, c) = parts;
            var m = CandleInterval.OneMinute;
            Assert.Equal(a.Merge(b, m), b.Merge(a, m));
            Assert.Equal(a.Merge(b, m).Merge(c, m), a.Merge(b.Merge(c, m), m));
            Assert.Equal(a.Merge(b, m).Merge(c, m), c.Merge(a, m).Merge(b, m));
        });
    }

    [Fact]
    public void Roll_up_merges_minutes_into_their_hours()
    {
        var hour = new DateTime(2026, 11, 21, 13, 0, 0, DateTimeKind.Utc);
        var minutes = new[]
        {
            Candle.Of(new Trade(Btc, "1", hour.AddMinutes(0), 100m, 1m, 100m, TakerSide.Buy), CandleInterval.OneMinute),
            Candle.Of(new Trade(Btc, "2", hour.AddMinutes(59).AddSeconds(59), 110m, 2m, 220m, TakerSide.Sell), CandleInterval.OneMinute),
            Candle.Of(new Trade(Btc, "3", hour.AddHours(1), 90m, 1m, 90m, TakerSide.Buy), CandleInterval.OneMinute),
            Candle.Of(new Trade(Btc, "4", hour.AddHours(4).AddMinutes(3), 95m, 1m, 95m, TakerSide.Sell), CandleInterval.OneMinute),
        };

        var hours = Candle.RollUp(minutes, CandleInterval.OneHour);
        var fourHours = Candle.RollUp(minutes, CandleInterval.FourHours);

        Assert.Equal([hour, hour.AddHours(1), hour.AddHours(4)], hours.Select(h => h.OpenTime));
        Assert.All(hours, h => Assert.Equal(CandleInterval.OneHour, h.Interval));
        Assert.Equal((2L, 100m, 110m, 100m, 110m, 3m, 320m, 1m), (hours[0].Count, hours[0].Open, hours[0].High, hours[0].Low,
            hours[0].Close, hours[0].Volume, hours[0].QuoteVolume, hours[0].TakerBuyVolume));
        Assert.Equal([hour.AddHours(-1), hour.AddHours(3)], fourHours.Select(h => h.OpenTime));
        Assert.Equal((3L, 100m, 90m), (fourHours[0].Count, fourHours[0].Open, fourHours[0].Close));
    }

    [Fact]
    public void Roll_up_of_nothing_is_empty() => Assert.Empty(Candle.RollUp([], CandleInterval.OneDay));

    [Fact]
    public void Vwap_is_quote_volume_over_volume_and_null_without_volume()
    {
        var candle = Candle.Of(new Trade(Btc, "1", Minute, 100m, 2m, 200m, TakerSide.Buy), CandleInterval.OneMinute)
            .Merge(Candle.Of(new Trade(Btc, "2", Minute, 130m, 1m, 130m, TakerSide.Buy), CandleInterval.OneMinute), CandleInterval.OneMinute);

        Assert.Equal(110m, candle.Vwap);
        Assert.Null((candle with { Volume = 0m }).Vwap);
    }

    // Three candles of one minute built from disjoint trades (ids are unique across the three), including equal timestamps.
    private static Gen<(Candle, Candle, Candle)> ThreeDisjointCandles()
    {
        var trade =
            from second in Gen.Choose(0, 3)
            from cents in Gen.Choose(9_000_000, 9_000_400)
            from milli in Gen.Choose(1, 5_000)
            from buy in Gen.Elements(true, false)
            select (Time: Minute.AddSeconds(second), Price: cents / 100m, Quantity: milli / 1000m, Buy: buy);
        return
            from trades in Gen.ListOf(trade, 9)
            from first in Gen.Choose(1, 7)
            from second in Gen.Choose(first + 1, 8)
            select Build(trades.ToList(), first, second);

        static (Candle, Candle, Candle) Build(List<(DateTime Time, decimal Price, decimal Quantity, bool Buy)> trades, int first, int second)
        {
            var candles = trades.Select((t, i) => Candle.Of(
                new Trade(Btc, (i * 7 % 11).ToString(System.Globalization.CultureInfo.InvariantCulture), t.Time, t.Price, t.Quantity,
                    t.Price * t.Quantity, t.Buy ? TakerSide.Buy : TakerSide.Sell), CandleInterval.OneMinute)).ToList();
            var m = CandleInterval.OneMinute;
            Candle Fold(IEnumerable<Candle> part) => part.Aggregate((x, y) => x.Merge(y, m));
            return (Fold(candles.Take(first)), Fold(candles.Skip(first).Take(second - first)), Fold(candles.Skip(second)));
        }
    }
}
