using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Candles of any interval over [from, to) by window start: stored ones as they are, longer ones rolled up from them.</summary>
public static class CandleQuery
{
    public static async Task<IReadOnlyList<Candle>> GetAsync(
        IAggregateStore store, InstrumentId instrument, CandleInterval interval, DateTime from, DateTime to, CancellationToken ct)
    {
        var start = interval.WindowStart(from);
        var stored = await store.GetCandlesAsync(instrument, interval.Source, start, to, ct);
        return interval.IsStored ? stored : Candle.RollUp(stored, interval).Where(c => c.OpenTime < to).ToList();
    }
}
