using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketAnalytics.Api.Health;

/// <summary>The Redis price cache: Healthy when Redis answers a read, Degraded when it does not (prices are then served from the
/// last known values, marked stale).</summary>
internal sealed class PriceCacheHealthCheck(IServiceProvider services) : IHealthCheck
{
    private static readonly InstrumentId Probe = InstrumentId.Of("health", "PROBE");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["kind"] = "Redis" };
        try
        {
            var reading = await services.GetRequiredService<IPriceCache>().GetAsync(Probe, cancellationToken);
            return reading.IsStale ? HealthCheckResult.Degraded("Redis did not answer; prices are served stale", data: data) : HealthCheckResult.Healthy("answering", data);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded(e.Message, e, data);
        }
    }
}
