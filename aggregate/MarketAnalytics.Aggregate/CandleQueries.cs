using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Aggregate;

/// <summary>The candle query on the aggregate store: candles of any interval, stored ones as they are, longer ones rolled up from
/// them; what the API, the push stream, the Binance-compatible klines and the <c>candles</c> command all answer with.</summary>
public static class CandleQueries
{
    /// <summary>Candles of <paramref name="interval"/> over [from, to) by window start.</summary>
    public static async Task<IReadOnlyList<Candle>> QueryCandlesAsync(
        this IAggregateStore store, InstrumentId instrument, CandleInterval interval, DateTime from, DateTime to, CancellationToken ct)
    {
        var start = interval.WindowStart(from);
        var stored = await store.GetCandlesAsync(instrument, interval.Source, start, to, ct);
        return interval.IsStored ? stored : Candle.RollUp(stored, interval).Where(c => c.OpenTime < to).ToList();
    }
}
