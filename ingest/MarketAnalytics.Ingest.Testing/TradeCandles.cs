using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>Candles computed directly from a set of trades, to compare what a reader stored with what the venue traded.</summary>
public static class TradeCandles
{
    /// <summary>The 1-minute candles of the market trades, by instrument then window; each trade id counts once.</summary>
    public static IReadOnlyList<Candle> OneMinute(IEnumerable<Trade> trades) =>
        trades.Where(t => t.IsMarket)
            .DistinctBy(t => (t.Instrument, t.TradeId))
            .GroupBy(t => (t.Instrument, Start: CandleInterval.OneMinute.WindowStart(t.Time)))
            .Select(window => window.Select(t => Candle.Of(t, CandleInterval.OneMinute)).Aggregate((a, b) => a.Merge(b, CandleInterval.OneMinute)))
            .OrderBy(c => c.Instrument).ThenBy(c => c.OpenTime)
            .ToList();
/// <summary>Candles computed directly from trades, the reference a reader's recorded trades must reproduce.</summary>
public static class TradeCandles
{
    /// <summary>The candles of <paramref name="trades"/> (each counted once: the caller passes unique trades) per instrument and
    /// window of <paramref name="interval"/>, in instrument and time order.</summary>
    public static List<Candle> Of(IEnumerable<Trade> trades, CandleInterval interval) =>
        [.. trades.Where(t => t.IsMarket)
            .GroupBy(t => (t.Instrument, interval.WindowStart(t.Time)))
            .OrderBy(g => g.Key.Instrument).ThenBy(g => g.Key.Item2)
            .Select(g => g.Select(t => Candle.Of(t, interval)).Aggregate((a, b) => a.Merge(b, interval)))];
}
