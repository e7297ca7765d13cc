using MarketAnalytics.Api.Health;
using MarketAnalytics.Api.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Health: <c>/health</c> runs every component's check (Healthy 200, Degraded 200, Unhealthy 503, JSON body per
/// component); <c>/health/live</c> answers while the process serves; <c>/health/ready</c> runs the checks of what serving needs.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync })
            .WithTags("Health").WithSummary("Each component's status and facts; 503 when one is Unhealthy");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportWriter.WriteAsync })
            .WithTags("Health").WithSummary("The process is up");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ObservabilityServiceCollectionExtensions.Ready),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).WithTags("Health").WithSummary("Ready to serve: the log, the store, Kafka and the exchange answer");
        return app;
    }
}
