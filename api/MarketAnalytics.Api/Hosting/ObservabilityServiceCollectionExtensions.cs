using MarketAnalytics.Aggregate;
using MarketAnalytics.Api.Health;
using MarketAnalytics.Core.Telemetry;
using MarketAnalytics.Ingest.Sources;
using MarketAnalytics.OrderBook.Service;
using MarketAnalytics.Storage.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Registers what makes a process operable: its metrics (OpenTelemetry, served at <c>/metrics</c> in Prometheus text
/// format) and one health check per component it runs (served at <c>/health</c>, <c>/health/live</c>, <c>/health/ready</c>).</summary>
public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs: the backends a process needs to serve at all.</summary>
    public const string Ready = "ready";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration, Role role)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService($"marketanalytics-{role.Name}"))
            .WithMetrics(metrics => metrics
                .AddMeter([.. MeterNames.All])
                // ASP.NET Core's own HTTP request and connection metrics.
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddPrometheusExporter());

        var backends = BackendOptions.From(configuration);
        var checks = services.AddHealthChecks();
        checks.Add(new HealthCheckRegistration("log", sp => new LogHealthCheck(sp, backends.LogKind), HealthStatus.Unhealthy, [Ready], CheckTimeout));
        if (string.Equals(backends.LogKind, BackendOptions.Kafka, StringComparison.OrdinalIgnoreCase))
        {
            var kafka = configuration.GetSection(KafkaLogOptions.Section).Get<KafkaLogOptions>() ?? new KafkaLogOptions();
            services.AddSingleton(new KafkaHealthCheck(kafka));
            checks.Add(new HealthCheckRegistration("kafka", sp => sp.GetRequiredService<KafkaHealthCheck>(), HealthStatus.Unhealthy, [Ready], CheckTimeout));
        }
        if (role.Has(Area.Api) || role.Has(Area.Aggregation))
            checks.Add(new HealthCheckRegistration("store", sp => ActivatorUtilities.CreateInstance<StoreHealthCheck>(sp, backends.StoreKind),
                HealthStatus.Unhealthy, [Ready], CheckTimeout));
        if (string.Equals(backends.PricesKind, BackendOptions.Redis, StringComparison.OrdinalIgnoreCase) && (role.Has(Area.Api) || role.Has(Area.Ingest)))
            checks.Add(new HealthCheckRegistration("redis", sp => new PriceCacheHealthCheck(sp), HealthStatus.Degraded, [], CheckTimeout));
        if (role.Has(Area.Aggregation))
            checks.Add(new HealthCheckRegistration("aggregation", sp => ActivatorUtilities.CreateInstance<AggregationHealthCheck>(sp), HealthStatus.Degraded, [], CheckTimeout));
        if (role.Has(Area.Api))
            checks.Add(new HealthCheckRegistration("exchange", sp => new ExchangeHealthCheck(sp.GetRequiredService<ExchangeService>()),
                HealthStatus.Unhealthy, [Ready], CheckTimeout));
        return services;
    }
}
