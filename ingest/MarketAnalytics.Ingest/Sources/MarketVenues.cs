using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Binance;
using MarketAnalytics.Ingest.Bitmex;
using MarketAnalytics.Ingest.Bybit;
using MarketAnalytics.Ingest.Coinbase;
using MarketAnalytics.Ingest.Kraken;
using MarketAnalytics.Ingest.Okx;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>Every venue a live reader exists for: adding a venue is one line here beside its own registration.</summary>
public static class MarketVenues
{
    /// <summary>The registrations by venue id, in the order <c>all</c> lists them.</summary>
    public static readonly IReadOnlyDictionary<string, VenueRegistration> Registrations = new Dictionary<string, VenueRegistration>(StringComparer.Ordinal)
    {
        [Venues.Bitmex] = BitmexRegistration.Add,
        [Venues.Binance] = BinanceRegistration.AddSpot,
        [Venues.BinanceUsdm] = BinanceRegistration.AddUsdm,
        [Venues.Coinbase] = CoinbaseRegistration.Add,
        [Venues.Kraken] = KrakenRegistration.Add,
        [Venues.Okx] = OkxRegistration.Add,
        [Venues.Bybit] = BybitRegistration.Add,
    };

    /// <summary>The venue ids, as <c>all</c> expands.</summary>
    public static IEnumerable<string> Names => Registrations.Keys;
}
