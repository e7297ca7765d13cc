using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate.Tests;

/// <summary>Generators of trade streams shaped like the venues' (numeric Binance ids, UUID BitMEX ids) over a few hours, with
/// times bunched onto minute and hour edges and onto shared timestamps, prices with 1–2 and quantities with 3–5 decimals.</summary>
internal static class MarketTrades
{
    public static readonly DateTime Start = new(2026, 11, 21, 22, 0, 0, DateTimeKind.Utc);

    public static readonly InstrumentId[] Instruments =
    [
        InstrumentId.Parse("binance:BTCUSDT"), InstrumentId.Parse("binance:ETHUSDT"), InstrumentId.Parse("bitmex:XBTUSD"),
    ];

    /// <summary>A stream of distinct trades in a random arrival order.</summary>
    public static Gen<List<Trade>> Stream(int maxTrades = 300) =>
        from specs in Gen.ListOf(Spec()).Resize(maxTrades)
        from shuffled in Gen.Shuffle(Number(specs).ToArray())
        select shuffled.ToList();

    private static Gen<(int Instrument, DateTime Time, decimal Price, decimal Quantity, bool Buy, bool Market)> Spec() =>
        from instrument in Gen.Choose(0, Instruments.Length - 1)
        from time in Time()
        from cents in Gen.Choose(1, 400)
        from priceScale in Gen.Choose(1, 2)
        from quantity in Gen.Choose(1, 300_000)
        from quantityScale in Gen.Choose(3, 5)
        from buy in Gen.Elements(true, false)
        from market in Gen.Frequency((19, Gen.Constant(true)), (1, Gen.Constant(false)))
        select (instrument, time, new decimal((priceScale == 1 ? 900_000 : 9_000_000) + cents, 0, 0, false, (byte)priceScale),
            new decimal(quantity, 0, 0, false, (byte)quantityScale), buy, market);

    // Four times in ten sit on a shared second, on a minute or hour edge, or one tick before a minute edge.
    private static Gen<DateTime> Time() => Gen.Frequency(
        (6, Gen.Choose(0, 3 * 3600 * 1000 - 1).Select(ms => Start.AddMilliseconds(ms))),
        (1, Gen.Choose(0, 20).Select(s => Start.AddMinutes(59).AddSeconds(s * 3))),
        (1, Gen.Choose(0, 180).Select(m => Start.AddMinutes(m))),
        (1, Gen.Choose(0, 180).Select(m => Start.AddMinutes(m).AddTicks(-1))),
        (1, Gen.Choose(0, 3).Select(h => Start.AddHours(h))));

    private static List<Trade> Number(IEnumerable<(int Instrument, DateTime Time, decimal Price, decimal Quantity, bool Buy, bool Market)> specs)
    {
        var trades = new List<Trade>();
        foreach (var (s, i) in specs.OrderBy(s => s.Time).Select((s, i) => (s, i)))
        {
            var instrument = Instruments[s.Instrument];
            // Binance ids grow with time (numbering in time order makes 9 and 10 meet); BitMEX ids are UUIDs with no order.
            var id = instrument.Venue == Venues.Bitmex
                ? new Guid(i, 7, 7, [1, 2, 3, 4, 5, 6, 7, (byte)(i * 31)]).ToString()
                : (i + 1).ToString(CultureInfo.InvariantCulture);
            trades.Add(new Trade(instrument, id, s.Time, s.Price, s.Quantity, s.Price * s.Quantity, s.Buy ? TakerSide.Buy : TakerSide.Sell,
                IsMarket: s.Market));
        }
        return trades;
    }
}
