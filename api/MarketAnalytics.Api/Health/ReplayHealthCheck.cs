using MarketAnalytics.Api.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketAnalytics.Api.Health;

/// <summary>A <c>replay:FILE</c> source: Healthy while it reads and once it has read the file; its facts are the replay's counts.</summary>
internal sealed class ReplayHealthCheck(PipelineStatus status, IngestSource source) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["file"] = source.File ?? "" };
        if (status.Replay is not { } stats) return Task.FromResult(HealthCheckResult.Healthy("replaying", data));
        data["trades_read"] = stats.TradesRead;
        data["trades_imported"] = stats.TradesImported;
        data["duplicates"] = stats.Duplicates;
        data["quotes"] = stats.Quotes;
        data["skipped_lines"] = stats.SkippedLines;
        data["malformed_lines"] = stats.MalformedLines;
        return Task.FromResult(HealthCheckResult.Healthy("replayed", data));
    }
}
