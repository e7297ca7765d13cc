using MarketAnalytics.Api.Hosting;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Liveness and the state of the pipeline's parts.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (PipelineStatus status, TimeProvider clock) => TypedResults.Ok(status.Snapshot(clock.GetUtcNow().UtcDateTime)))
            .WithTags("Health").WithSummary("Liveness and pipeline state");
        return app;
    }
}
