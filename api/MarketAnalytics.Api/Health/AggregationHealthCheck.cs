using MarketAnalytics.Aggregate;
using MarketAnalytics.Api.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketAnalytics.Api.Health;

/// <summary>The streaming aggregation: Degraded when trades wait in the log and no commit has happened for
/// <see cref="StallWindow"/> (the job is stuck or far behind), Healthy otherwise; its facts are the committed trades, the last
/// commit and the consumer lag per partition.</summary>
internal sealed class AggregationHealthCheck(AggregationJob job, PipelineStatus status, TimeProvider clock) : IHealthCheck
{
    /// <summary>How long trades may wait in the log without a commit before the aggregation counts as stalled.</summary>
    public static readonly TimeSpan StallWindow = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var positions = job.Positions;
        var lag = positions.Sum(p => p.Lag);
        var data = new Dictionary<string, object>
        {
            ["aggregated_trades"] = status.AggregatedTrades,
            ["lag"] = lag,
            ["partitions"] = positions.ToDictionary(p => p.Partition, p => (object)new { next = p.Next, end = p.End, lag = p.Lag }),
        };
        if (status.LastCommitAt is { } last) data["last_commit_at"] = last;
        var stalled = lag > 0 && now - (status.LastCommitAt ?? status.StartedAt) > StallWindow;
        return Task.FromResult(stalled
            ? HealthCheckResult.Degraded($"{lag} trades wait in the log and nothing was committed for over {StallWindow.TotalSeconds:0} s", data: data)
            : HealthCheckResult.Healthy(lag == 0 ? "caught up" : $"{lag} trades to aggregate", data));
    }
}
