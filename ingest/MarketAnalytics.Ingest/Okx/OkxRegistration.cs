using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Okx;

/// <summary>The <c>okx</c> venue's registration (see <see cref="MarketVenues"/>): the <see cref="OkxWebSocketReader"/> from
/// <c>Ingest:Venues:okx</c>, with its REST history for gap-fill.</summary>
public static class OkxRegistration
{
    // OKX answers 429 (code 50011) past its per-endpoint limits and sends no Retry-After; the handler then doubles from a second.
    private static readonly RateLimitPolicy Policy = RateLimitPolicy.RetryAfterOnly(TimeSpan.FromMinutes(1));

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddVenueRestClient(Venues.Okx, Policy);
        services.AddVenueSource<OkxReaderOptions>(configuration, Venues.Okx, OkxReaderOptions.DefaultSymbols, static _ => { }, static (sp, options) =>
        {
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(Venues.Okx);
            var contracts = new OkxContractValues(http, options.RestUrl);
            // OKX's trade ids are not promised to be consecutive, so only reconnects start fills.
            var gapFill = sp.CreateLiveGapFill(Venues.Okx, new OkxTradeHistory(http, options.RestUrl, contracts), consecutiveIds: false);
            return new OkxWebSocketReader(options, contracts, gapFill, sp.GetRequiredService<MarketRecorder>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<OkxWebSocketReader>>());
        });
    }

    /// <summary>The REST history alone, for the scheduled REST source: <c>Ingest:Venues:okx:RestUrl</c> (default OKX's own).</summary>
    public static ITradeHistory CreateHistory(IConfiguration configuration, HttpClient http)
    {
        var options = new OkxReaderOptions();
        configuration.GetSection(VenueOptions.SectionOf(Venues.Okx)).Bind(options);
        return new OkxTradeHistory(http, options.RestUrl, new OkxContractValues(http, options.RestUrl));
    }
}
