using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Ingest.Bybit;

/// <summary>The <c>bybit</c> venue's registration (see <see cref="MarketVenues"/>): the <see cref="BybitWebSocketReader"/> from
/// <c>Ingest:Venues:bybit</c>, with its REST recent trades for gap-fill.</summary>
public static class BybitRegistration
{
    // Bybit answers 403 or retCode 10006 past its limits; a 429 with Retry-After is honoured like every venue's.
    private static readonly RateLimitPolicy Policy = RateLimitPolicy.RetryAfterOnly(TimeSpan.FromMinutes(1));

    // Linear trade ids are UUIDs; a gap mid-stream shows in the sequence numbers instead (the reader's seq check).
    public static void Add(IServiceCollection services, IConfiguration configuration) =>
        services.AddGapFilledVenueSource<BybitReaderOptions, BybitWebSocketReader>(configuration, Venues.Bybit, Policy, static _ => { }, BybitReaderOptions.DefaultSymbols,
            (_, http, options) => new BybitTradeHistory(http, options.RestUrl, options.Category), consecutiveIds: false);

    /// <summary>The REST recent trades alone, for the scheduled REST source: <c>Ingest:Venues:bybit:RestUrl</c> and
    /// <c>Category</c> (defaults Bybit's own, <c>linear</c>).</summary>
    public static ITradeHistory CreateHistory(IConfiguration configuration, HttpClient http)
    {
        var options = new BybitReaderOptions();
        configuration.GetSection(VenueOptions.SectionOf(Venues.Bybit)).Bind(options);
        return new BybitTradeHistory(http, options.RestUrl, options.Category);
    }
}
