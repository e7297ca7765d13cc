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
}
