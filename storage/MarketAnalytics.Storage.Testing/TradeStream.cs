using MarketAnalytics.Aggregate;
using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.Testing;

/// <summary>A seeded trade stream as exchanges deliver it: 8 instruments over hours, late trades (up to three
/// minutes back), repeated trades and some non-market trades; and the candles one pass over its distinct trades gives.</summary>
public static class TradeStream
{
    /// <summary>The exchange time the stream starts at.</summary>
    public static readonly DateTime Start = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <param name="ticksPerTrade">How far apart consecutive trades are, before jitter and lateness.</param>
    public static List<Trade> Generate(int count, int seed, long ticksPerTrade = 1_700_000)
    {
        var random = new Random(seed);
        var instruments = Enumerable.Range(0, 8).Select(i => InstrumentId.Of(Venues.Binance, $"COIN{i}USDT")).ToArray();
        var trades = new List<Trade>(count);
        for (var i = 0; i < count; i++)
        {
            if (i > 10 && random.Next(20) == 0)
            {
                trades.Add(trades[random.Next(i - 10, i)]);
                continue;
            }
            var late = random.Next(10) == 0 ? TimeSpan.FromSeconds(random.Next(180)) : TimeSpan.Zero;
            var time = Start.AddTicks(i * ticksPerTrade + random.Next(10_000)) - late;
            var price = 100m + random.Next(10_000) / 100m;
            var quantity = random.Next(1, 10_000) / 1000m;
            trades.Add(new Trade(instruments[random.Next(instruments.Length)], $"{i + 1}", time, price, quantity, price * quantity,
                random.Next(2) == 0 ? TakerSide.Buy : TakerSide.Sell, IsMarket: random.Next(50) != 0));
        }
        return trades;
    }

    /// <summary>The 1m and 1h candles of the distinct trades, as <see cref="Text"/>, in order.</summary>
    public static List<string> ExpectedCandles(IEnumerable<Trade> trades)
    {
        var aggregator = new TradeAggregator();
        aggregator.AddRange(trades.DistinctBy(t => (t.Instrument, t.TradeId)));
        return [.. aggregator.TakeDeltas().Select(Text).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every field of a candle, so two lists compare exactly.</summary>
    public static string Text(Candle c) => string.Join("|", c.Instrument, c.Interval, c.OpenTime.Ticks, c.Count, c.Open, c.High, c.Low,
        c.Close, c.Volume, c.QuoteVolume, c.TakerBuyVolume, c.TakerBuyQuoteVolume, c.FirstTradeTime.Ticks, c.FirstTradeId,
        c.LastTradeTime.Ticks, c.LastTradeId);
}
