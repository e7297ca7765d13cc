using MarketAnalytics.Core.Ports;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketAnalytics.Api.Health;

/// <summary>The durable log: Healthy once it is open (the embedded log holds its data directory; Kafka answered when opened),
/// Unhealthy when it cannot be opened.</summary>
internal sealed class LogHealthCheck(IServiceProvider services, string kind) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["kind"] = kind };
        try
        {
            services.GetRequiredService<IMarketLog>();
            return Task.FromResult(HealthCheckResult.Healthy("open", data));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(e.Message, e, data));
        }
    }
}
