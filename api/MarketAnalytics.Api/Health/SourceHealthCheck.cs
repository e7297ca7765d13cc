using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketAnalytics.Api.Health;

/// <summary>A live source: Healthy when connected with a message within its staleness window, Degraded otherwise (the rest of
/// the pipeline still serves what it holds).</summary>
internal sealed class SourceHealthCheck(IMarketSource source, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var status = source.Status;
        var data = new Dictionary<string, object>
        {
            ["url"] = status.Url.ToString(),
            ["connected"] = status.IsConnected,
            ["reconnects"] = status.ReconnectCount,
            ["dropped_records"] = status.DroppedRecords,
            ["staleness_window_seconds"] = status.StalenessWindow.TotalSeconds,
        };
        if (status.LastMessageAt is { } last)
        {
            data["last_message_at"] = last.UtcDateTime;
            data["seconds_since_last_message"] = Math.Round((now - last).TotalSeconds, 3);
        }
        if (status.LastError is { } error) data["last_error"] = error;
        if (status.IsLive(now)) return Task.FromResult(HealthCheckResult.Healthy("connected, messages arriving", data));
        var why = !status.IsConnected
            ? $"not connected{(status.LastError is null ? "" : $": {status.LastError}")}"
            : $"connected but silent for longer than {status.StalenessWindow.TotalSeconds:0.#} s";
        return Task.FromResult(HealthCheckResult.Degraded(why, data: data));
    }
}
