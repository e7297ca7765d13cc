using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Ingest.Coinbase;

/// <summary>The <c>coinbase</c> venue's registration (see <see cref="MarketVenues"/>).</summary>
public static class CoinbaseRegistration
{
    // Coinbase states no request weights; its public endpoints allow about 10 requests a second and answer 429 beyond.
    private static readonly RateLimitPolicy Policy = RateLimitPolicy.RetryAfterOnly(TimeSpan.FromMinutes(1));

    /// <summary>Adds the <see cref="CoinbaseWebSocketReader"/> with its REST gap-fill, bound from <c>Ingest:Venues:coinbase</c>
    /// (default products <c>BTC-USD</c> and <c>ETH-USD</c> when none are configured).</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration) =>
        services.AddGapFilledVenueSource<CoinbaseOptions, CoinbaseWebSocketReader>(configuration, Venues.Coinbase, Policy, CoinbaseOptions.Defaults, ["BTC-USD", "ETH-USD"],
            (_, http, options) => new CoinbaseTradeHistory(http, options.RestUrl), consecutiveIds: true);
}
