using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Ingest.Okx;

/// <summary>The <c>okx</c> venue's registration (see <see cref="MarketVenues"/>): the <see cref="OkxWebSocketReader"/> from
/// <c>Ingest:Venues:okx</c>, with its REST history for gap-fill.</summary>
public static class OkxRegistration
{
    // OKX answers 429 (code 50011) past its per-endpoint limits and sends no Retry-After; the handler then doubles from a second.
    private static readonly RateLimitPolicy Policy = RateLimitPolicy.RetryAfterOnly(TimeSpan.FromMinutes(1));

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        // One set of contract values for the reader's parser and its REST history.
        services.AddSingleton(sp => new OkxContractValues(sp.GetRequiredService<IHttpClientFactory>().CreateClient(Venues.Okx),
            sp.GetRequiredService<IOptionsMonitor<OkxReaderOptions>>().Get(Venues.Okx).RestUrl));
        // OKX's trade ids are not promised to be consecutive, so only reconnects start fills.
        services.AddGapFilledVenueSource<OkxReaderOptions, OkxWebSocketReader>(configuration, Venues.Okx, Policy, static _ => { }, OkxReaderOptions.DefaultSymbols,
            (sp, http, options) => new OkxTradeHistory(http, options.RestUrl, sp.GetRequiredService<OkxContractValues>()), consecutiveIds: false);
    }

    /// <summary>The REST history alone, for the scheduled REST source: <c>Ingest:Venues:okx:RestUrl</c> (default OKX's own).</summary>
    public static ITradeHistory CreateHistory(IConfiguration configuration, HttpClient http)
    {
        var options = new OkxReaderOptions();
        configuration.GetSection(VenueOptions.SectionOf(Venues.Okx)).Bind(options);
        return new OkxTradeHistory(http, options.RestUrl, new OkxContractValues(http, options.RestUrl));
    }
}
