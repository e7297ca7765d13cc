using MarketAnalytics.Api.Health;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Registers the ingest area: the configured sources (<c>Ingest:Sources</c>, <c>--source</c>), its health check, and with
/// the embedded log the current prices restored from the log's tail at start.</summary>
public static class IngestServiceCollectionExtensions
{
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration)
    {
        var source = IngestSource.From(configuration);
        services.AddSingleton(source);
        if (BackendOptions.From(configuration).HasEmbeddedLog) services.AddHostedService<CurrentPriceWarmup>();
        if (source.Kind == IngestSource.Live) services.AddMarketSources(configuration, source.Venues);
        if (source.Kind == IngestSource.Replay)
            services.AddHealthChecks().Add(new HealthCheckRegistration("source:replay", sp => ActivatorUtilities.CreateInstance<ReplayHealthCheck>(sp), HealthStatus.Degraded, []));
        services.AddHostedService<IngestService>();
        return services;
    }
}
