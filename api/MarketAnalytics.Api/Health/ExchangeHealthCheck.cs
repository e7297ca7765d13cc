using MarketAnalytics.Core;
using MarketAnalytics.OrderBook.Service;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketAnalytics.Api.Health;

/// <summary>The internal exchange and its journal: Healthy while it runs, Unhealthy once it stopped (a command or journal record
/// it could not apply; it refuses every command until restarted), with the reason and since when.</summary>
internal sealed class ExchangeHealthCheck(ExchangeService exchange) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = exchange.Status;
        var data = new Dictionary<string, object> { ["state"] = status.State.SnakeCaseName() };
        if (status.IsRunning) return Task.FromResult(HealthCheckResult.Healthy("running", data));
        if (status.Reason is { } reason) data["reason"] = reason;
        if (status.Since is { } since) data["since"] = since.UtcDateTime;
        return Task.FromResult(HealthCheckResult.Unhealthy($"stopped: {status.Reason}", data: data));
    }
}
