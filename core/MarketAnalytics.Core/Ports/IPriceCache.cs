using MarketAnalytics.Core.Prices;

namespace MarketAnalytics.Core.Ports;

/// <summary>The port to the current-price cache (in memory by default, Redis in production).</summary>
public interface IPriceCache
{
    /// <summary>Applies trades and quotes; a record older (by exchange time) than what the cache holds changes nothing.</summary>
    ValueTask UpdateAsync(IReadOnlyList<Trade> trades, IReadOnlyList<Quote> quotes, CancellationToken ct);

    ValueTask<PriceReading> GetAsync(InstrumentId instrument, CancellationToken ct);
}
