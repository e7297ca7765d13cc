using MarketAnalytics.Aggregate;
using MarketAnalytics.Core.Ports;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Health;

/// <summary>The aggregate store: Healthy when it answers a read of the consumer group's offsets, Unhealthy otherwise.</summary>
internal sealed class StoreHealthCheck(IServiceProvider services, IOptions<AggregationOptions> aggregation, string kind) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["kind"] = kind };
        try
        {
            var offsets = await services.GetRequiredService<IAggregateStore>().GetOffsetsAsync(aggregation.Value.Group, cancellationToken);
            data["committed_partitions"] = offsets.Count;
            return HealthCheckResult.Healthy("answering", data);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(e.Message, e, data);
        }
    }
}
