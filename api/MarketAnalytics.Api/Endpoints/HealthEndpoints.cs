using MarketAnalytics.Api.Hosting;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Liveness and the state of the pipeline's parts.</summary>
/// <remarks>A process whose internal exchange has stopped answers 503 with <c>status</c> <c>exchange_stopped</c> and the exchange's
/// reason; its analytics endpoints keep serving.</remarks>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (PipelineStatus status, TimeProvider clock, IServiceProvider services) =>
            {
                // Only the api role has an exchange; resolving it is cheap once it has started (the host starts it before serving).
                var exchange = services.GetService<ExchangeService>() is { } service ? ExchangeStatusResponse.Of(service.Status) : null;
                var report = status.Snapshot(clock.GetUtcNow().UtcDateTime, exchange);
                return TypedResults.Json(report, statusCode: report.IsOk ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .WithTags("Health").WithSummary("Liveness and pipeline state; 503 when this process's exchange has stopped");
        return app;
    }
}
