using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Ingest.Kraken;

/// <summary>The <c>kraken</c> venue's registration (see <see cref="MarketVenues"/>).</summary>
public static class KrakenRegistration
{
    // Kraken's public endpoints count calls per IP (about one a second) and report going over in the body, not with 429.
    private static readonly RateLimitPolicy Policy = RateLimitPolicy.RetryAfterOnly(TimeSpan.FromMinutes(1));

    /// <summary>Adds the <see cref="KrakenWebSocketReader"/> with its REST gap-fill, bound from <c>Ingest:Venues:kraken</c>
    /// (default pairs <c>BTC/USD</c> and <c>ETH/USD</c> when none are configured).</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration) =>
        services.AddGapFilledVenueSource<KrakenOptions, KrakenWebSocketReader>(configuration, Venues.Kraken, Policy, KrakenOptions.Defaults, ["BTC/USD", "ETH/USD"],
            (_, http, options) => new KrakenTradeHistory(http, options.RestUrl), consecutiveIds: true);
}
