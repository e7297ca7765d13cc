using System.Globalization;
using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate.Benchmarks;

/// <summary>A pre-decoded, seeded trade stream shaped like a busy hour on the venues: one liquid instrument and a few quieter
/// ones, mostly in time order with some late arrivals, prices on 1–2 decimal ticks and quantities with 3–5 decimals.</summary>
public static class TradeStream
{
    private static readonly DateTime Start = new(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc);

    public static Trade[] Generate(int count, int seed = 42)
    {
        var random = new Random(seed);
        (InstrumentId Id, int Weight, decimal Price, decimal Tick, int QuantityScale)[] instruments =
        [
            (InstrumentId.Parse("binance:BTCUSDT"), 70, 91_234.56m, 0.01m, 5),
            (InstrumentId.Parse("binance:ETHUSDT"), 15, 3_123.45m, 0.01m, 4),
            (InstrumentId.Parse("bitmex:XBTUSD"), 10, 91_230.5m, 0.5m, 4),
            (InstrumentId.Parse("binanceusdm:SOLUSDT"), 5, 142.31m, 0.01m, 3),
        ];
        var nextId = new long[instruments.Length];
        var prices = instruments.Select(i => i.Price).ToArray();
        var trades = new Trade[count];
        var time = Start;
        for (var n = 0; n < count; n++)
        {
            var pick = random.Next(100);
            var i = 0;
            while (pick >= instruments[i].Weight) pick -= instruments[i++].Weight;
            var (id, _, _, tick, scale) = instruments[i];
            // Many trades share a millisecond (one taker order filling several makers), so equal timestamps are common.
            if (random.Next(3) == 0) time = time.AddTicks(random.Next(1, 40_000));
            prices[i] += tick * random.Next(-2, 3);
            var quantity = new decimal(random.Next(1, 2_000_000), 0, 0, false, (byte)scale);
            // One trade in fifty arrives late, up to two seconds behind.
            var tradeTime = random.Next(50) == 0 ? time.AddTicks(-random.Next(20_000_000)) : time;
            var tradeId = id.Venue == Venues.Bitmex
                ? new Guid(random.Next(), (short)random.Next(), (short)random.Next(), 1, 2, 3, 4, 5, 6, 7, 8).ToString()
                : (1_000_000_000 + nextId[i]++).ToString(CultureInfo.InvariantCulture);
            trades[n] = new Trade(id, tradeId, tradeTime, prices[i], quantity, prices[i] * quantity,
                random.Next(2) == 0 ? TakerSide.Buy : TakerSide.Sell);
        }
        return trades;
    }
}
