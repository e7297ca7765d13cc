using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate.Tests;

/// <summary>The candles of a set of trades computed the obvious way: group the market trades by instrument and window, sort each
/// group by <see cref="TradeOrder"/>, take first, last, max, min and sums.</summary>
internal static class ReferenceCandles
{
    public static IReadOnlyList<Candle> Of(IEnumerable<Trade> trades, CandleInterval interval) =>
        trades.Where(t => t.IsMarket)
            .GroupBy(t => (t.Instrument, Start: interval.WindowStart(t.Time)))
            .Select(g =>
            {
                var ordered = g.OrderBy(t => t, Comparer<Trade>.Create((a, b) => TradeOrder.Compare(a.Time, a.TradeId, b.Time, b.TradeId))).ToList();
                var (first, last) = (ordered[0], ordered[^1]);
                var buys = ordered.Where(t => t.Side == TakerSide.Buy).ToList();
                return new Candle(g.Key.Instrument, interval, g.Key.Start, ordered.Count,
                    first.Price, ordered.Max(t => t.Price), ordered.Min(t => t.Price), last.Price,
                    ordered.Sum(t => t.BaseQuantity), ordered.Sum(t => t.QuoteQuantity),
                    buys.Sum(t => t.BaseQuantity), buys.Sum(t => t.QuoteQuantity),
                    first.Time, first.TradeId, last.Time, last.TradeId);
            })
            .OrderBy(c => c.Instrument).ThenBy(c => c.OpenTime)
            .ToList();

    /// <summary>The minute candles, then the hour candles, each by instrument and window: the order the aggregator returns.</summary>
    public static IReadOnlyList<Candle> MinutesAndHours(IReadOnlyCollection<Trade> trades) =>
        [.. Of(trades, CandleInterval.OneMinute), .. Of(trades, CandleInterval.OneHour)];
}
