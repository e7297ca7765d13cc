using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Kraken;

/// <summary>The <c>kraken</c> venue's registration (see <see cref="MarketVenues"/>).</summary>
public static class KrakenRegistration
{
    // Kraken's public endpoints count calls per IP (about one a second) and report going over in the body, not with 429.
    private static readonly RateLimitPolicy Policy = RateLimitPolicy.RetryAfterOnly(TimeSpan.FromMinutes(1));

    /// <summary>Adds the <see cref="KrakenWebSocketReader"/> with its REST gap-fill, bound from <c>Ingest:Venues:kraken</c>
    /// (default pairs <c>BTC/USD</c> and <c>ETH/USD</c> when none are configured).</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        // Registered before AddVenueSource's own step, which builds the stream address from the symbols; set here rather than
        // as a default because configuration binding appends a configured list to a default one instead of replacing it.
        services.PostConfigure<KrakenOptions>(Venues.Kraken, options =>
        {
            if (options.Symbols is not { Length: > 0 }) options.Symbols = ["BTC/USD", "ETH/USD"];
        });
        services.AddVenueRestClient(Venues.Kraken, Policy);
        services.AddVenueSource<KrakenOptions>(configuration, Venues.Kraken, KrakenOptions.Defaults, (sp, options) =>
        {
            var history = new KrakenTradeHistory(sp.GetRequiredService<IHttpClientFactory>().CreateClient(Venues.Kraken), options.RestUrl);
            return new KrakenWebSocketReader(options, sp.CreateLiveGapFill(Venues.Kraken, history, consecutiveIds: true),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<KrakenWebSocketReader>>());
        });
    }
}
