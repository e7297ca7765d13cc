using System.Collections.Concurrent;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Core.Prices;

/// <summary>The embedded price cache: current prices in this process's memory.</summary>
public sealed class InMemoryPriceCache : IPriceCache
{
    private readonly ConcurrentDictionary<InstrumentId, CurrentPrice> _prices = new();

    public ValueTask UpdateAsync(IReadOnlyList<Trade> trades, IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        foreach (var trade in trades)
            _prices.AddOrUpdate(trade.Instrument, (id, t) => CurrentPrice.Empty(id).With(t), (_, price, t) => price.With(t), trade);
        foreach (var quote in quotes)
            _prices.AddOrUpdate(quote.Instrument, (id, q) => CurrentPrice.Empty(id).With(q), (_, price, q) => price.With(q), quote);
        return ValueTask.CompletedTask;
    }

    public ValueTask<PriceReading> GetAsync(InstrumentId instrument, CancellationToken ct) =>
        ValueTask.FromResult(new PriceReading(_prices.GetValueOrDefault(instrument), IsStale: false));
}
