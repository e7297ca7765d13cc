using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>The instruments of each venue under their Binance spellings: every instrument with aggregates, and for
/// <c>internal</c> every configured market (traded or not).</summary>
/// <remarks>A symbol is spelled without its separators (<c>-</c>, <c>_</c>, <c>.</c>, <c>/</c>) when that spelling is unique on the
/// venue; instruments whose compact spellings would collide keep their own spelling, so every symbol names one instrument.</remarks>
internal sealed class VenueCatalog(IAggregateStore store, ExchangeService exchange)
{
    /// <summary>The venue's symbols ordered by spelling, or null for a venue with no instruments.</summary>
    public async Task<IReadOnlyList<VenueSymbol>?> ListAsync(string venue, CancellationToken ct)
    {
        venue = venue.ToLowerInvariant();
        var instruments = (await store.GetInstrumentsAsync(ct)).Where(i => i.Venue == venue).ToHashSet();
        var markets = venue == Venues.Internal ? exchange.Markets.ToDictionary(m => m.Symbol.ToUpperInvariant()) : [];
        foreach (var symbol in markets.Keys) instruments.Add(InstrumentId.Of(Venues.Internal, symbol));
        if (instruments.Count == 0) return null;
        return instruments
            .GroupBy(i => Compact(i.Symbol))
            .SelectMany(g => g.Select(i => (Spelling: g.Count() == 1 ? g.Key : i.Symbol, Instrument: i)))
            .Select(s =>
            {
                var market = markets.GetValueOrDefault(s.Instrument.Symbol);
                var (baseAsset, quoteAsset) = market is null ? AssetPairs.Split(venue, s.Instrument.Symbol) : (market.BaseAsset, market.QuoteAsset);
                return new VenueSymbol(s.Spelling, s.Instrument, baseAsset, quoteAsset, market);
            })
            .OrderBy(s => s.Symbol, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The symbol of that spelling on the venue (case-insensitive), or null.</summary>
    public async Task<VenueSymbol?> FindAsync(string venue, string symbol, CancellationToken ct) =>
        (await ListAsync(venue, ct))?.FirstOrDefault(s => string.Equals(s.Symbol, symbol, StringComparison.OrdinalIgnoreCase));

    private static string Compact(string symbol) => string.Concat(symbol.Where(c => c is not ('-' or '_' or '.' or '/')));
}
