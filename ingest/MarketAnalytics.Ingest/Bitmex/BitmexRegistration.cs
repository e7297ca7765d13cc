using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>The <c>bitmex</c> venue's registration (see <see cref="MarketVenues"/>).</summary>
public static class BitmexRegistration
{
    /// <summary>Adds the <see cref="BitmexWebSocketReader"/>, bound from <c>Ingest:Bitmex</c> (its <c>Url</c> is the full
    /// address, <c>/realtime</c> included), with <c>Ingest:Venues:bitmex:Symbols</c> and <c>WebSocketUrl</c> (a base address)
    /// taking precedence where set.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var venue = configuration.GetSection(VenueOptions.SectionOf(Venues.Bitmex));
        services.AddOptions<BitmexReaderOptions>()
            .Bind(configuration.GetSection($"Ingest:{BitmexReaderOptions.Section}"))
            .PostConfigure(options =>
            {
                if (venue.GetSection("Symbols").Get<string[]>() is { Length: > 0 } symbols) options.Symbols = symbols;
                if (venue["WebSocketUrl"] is { } baseUrl) options.Url = new Uri(new Uri(baseUrl), "/realtime");
            })
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new BitmexWebSocketReader(sp.GetRequiredService<IOptions<BitmexReaderOptions>>().Value,
            sp.GetRequiredService<MarketRecorder>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BitmexWebSocketReader>>()));
        services.AddSingleton<IMarketSource>(sp => sp.GetRequiredService<BitmexWebSocketReader>());
        services.AddSourceHealthCheck(Venues.Bitmex);
    }
}
