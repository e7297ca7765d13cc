using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>Candles computed directly from trades, the reference a reader's recorded trades must reproduce.</summary>
public static class TradeCandles
{
    /// <summary>The candles of the market trades in <paramref name="trades"/> per instrument and window of
    /// <paramref name="interval"/>, in instrument and time order.</summary>
    /// <remarks>Every trade counts, duplicates included: comparing a reader's stored trades this way fails when one was stored
    /// twice, which is what the readers' tests must catch.</remarks>
    public static List<Candle> Of(IEnumerable<Trade> trades, CandleInterval interval) =>
        [.. trades.Where(t => t.IsMarket)
            .GroupBy(t => (t.Instrument, interval.WindowStart(t.Time)))
            .OrderBy(g => g.Key.Instrument).ThenBy(g => g.Key.Item2)
            .Select(g => g.Select(t => Candle.Of(t, interval)).Aggregate((a, b) => a.Merge(b, interval)))];
}
