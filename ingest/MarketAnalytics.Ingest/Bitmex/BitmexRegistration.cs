using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>The <c>bitmex</c> venue's registration (see <see cref="MarketVenues"/>).</summary>
public static class BitmexRegistration
{
    // BitMEX answers 429 with Retry-After (and counts x-ratelimit-remaining down, which is not a used-weight header).
    private static readonly RateLimitPolicy Policy = RateLimitPolicy.RetryAfterOnly(TimeSpan.FromMinutes(1));

    /// <summary>Adds the <see cref="BitmexWebSocketReader"/>, bound from <c>Ingest:Bitmex</c> (its <c>Url</c> is the full
    /// address, <c>/realtime</c> included), with <c>Ingest:Venues:bitmex:Symbols</c> and <c>WebSocketUrl</c> (a base address)
    /// taking precedence where set, and its REST gap-fill from <c>RestUrl</c> (<c>https://www.bitmex.com</c>).</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var venue = configuration.GetSection(VenueOptions.SectionOf(Venues.Bitmex));
        var section = configuration.GetSection($"Ingest:{BitmexReaderOptions.Section}");
        services.AddOptions<BitmexReaderOptions>()
            .Bind(section)
            .PostConfigure(options =>
            {
                // The binder appends configured symbols to the default ones; configured symbols replace the defaults instead.
                if (section.GetSection("Symbols").Get<string[]>() is { Length: > 0 } configured) options.Symbols = configured;
                if (venue.GetSection("Symbols").Get<string[]>() is { Length: > 0 } symbols) options.Symbols = symbols;
                if (venue["WebSocketUrl"] is { } baseUrl) options.Url = new Uri(new Uri(baseUrl), "/realtime");
                if (venue["RestUrl"] is { } restUrl) options.RestUrl = new Uri(restUrl);
            })
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddVenueRestClient(Venues.Bitmex, Policy);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BitmexReaderOptions>>().Value;
            var history = new BitmexTradeHistory(sp.GetRequiredService<IHttpClientFactory>().CreateClient(Venues.Bitmex), options.RestUrl);
            // trdMatchIDs are UUIDs, so a skipped trade cannot be seen mid-stream; gaps are filled after each (re)connect.
            return new BitmexWebSocketReader(options, sp.CreateLiveGapFill(Venues.Bitmex, history, consecutiveIds: false),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BitmexWebSocketReader>>());
        });
        services.AddSingleton<IMarketSource>(sp => sp.GetRequiredService<BitmexWebSocketReader>());
        services.AddSourceHealthCheck(Venues.Bitmex);
    }
}
