using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Coinbase;

/// <summary>The <c>coinbase</c> venue's registration (see <see cref="MarketVenues"/>).</summary>
public static class CoinbaseRegistration
{
    // Coinbase states no request weights; its public endpoints allow about 10 requests a second and answer 429 beyond.
    private static readonly RateLimitPolicy Policy = RateLimitPolicy.RetryAfterOnly(TimeSpan.FromMinutes(1));

    /// <summary>Adds the <see cref="CoinbaseWebSocketReader"/> with its REST gap-fill, bound from <c>Ingest:Venues:coinbase</c>
    /// (default products <c>BTC-USD</c> and <c>ETH-USD</c> when none are configured).</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        // Registered before AddVenueSource's own step, which builds the stream address from the symbols; set here rather than
        // as a default because configuration binding appends a configured list to a default one instead of replacing it.
        services.PostConfigure<CoinbaseOptions>(Venues.Coinbase, options =>
        {
            if (options.Symbols is not { Length: > 0 }) options.Symbols = ["BTC-USD", "ETH-USD"];
        });
        services.AddVenueRestClient(Venues.Coinbase, Policy);
        services.AddVenueSource<CoinbaseOptions>(configuration, Venues.Coinbase, CoinbaseOptions.Defaults, (sp, options) =>
        {
            var history = new CoinbaseTradeHistory(sp.GetRequiredService<IHttpClientFactory>().CreateClient(Venues.Coinbase), options.RestUrl);
            return new CoinbaseWebSocketReader(options, sp.CreateLiveGapFill(Venues.Coinbase, history, consecutiveIds: true),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CoinbaseWebSocketReader>>());
        });
    }
}
