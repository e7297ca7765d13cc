using MarketAnalytics.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>A live source: Healthy when connected with a message within its staleness window and no gap left unfilled,
/// Degraded otherwise (the rest of the pipeline still serves what it holds).</summary>
/// <remarks>An unfilled gap keeps the source Degraded until the process restarts: its trades are missing from the log and
/// must be imported from the venue's archives; the data names the latest ones.</remarks>
public sealed class SourceHealthCheck(IMarketSource source, TimeProvider clock) : IHealthCheck
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
            ["messages_received"] = status.MessagesReceived,
            ["dropped_records"] = status.DroppedRecords,
            ["staleness_window_seconds"] = status.StalenessWindow.TotalSeconds,
            ["gap_fills"] = status.GapFill.Fills,
            ["gap_fills_running"] = status.GapFill.Running,
            ["gap_fill_trades_recovered"] = status.GapFill.TradesRecovered,
            ["unfilled_gaps"] = status.GapFill.UnfilledCount,
        };
        if (status.LastMessageAt is { } last)
        {
            data["last_message_at"] = last.UtcDateTime;
            data["seconds_since_last_message"] = Math.Round((now - last).TotalSeconds, 3);
        }
        if (status.LastError is { } error) data["last_error"] = error;
        if (status.GapFill.LastUnfilled.Count > 0)
            data["last_unfilled_gaps"] = status.GapFill.LastUnfilled
                .Select(g => $"{g.Instrument} from {UtcTime.Format(g.From)} to {(g.To is { } to ? UtcTime.Format(to) : "?")}: {g.Reason}").ToArray();

        var problems = new List<string>();
        if (!status.IsConnected) problems.Add($"not connected{(status.LastError is null ? "" : $": {status.LastError}")}");
        else if (!status.IsLive(now)) problems.Add($"connected but silent for longer than {status.StalenessWindow.TotalSeconds:0.#} s");
        if (status.GapFill.UnfilledCount > 0)
            problems.Add($"{status.GapFill.UnfilledCount} gap(s) not filled, the last: {status.GapFill.LastUnfilled[^1].Reason}");
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("connected, messages arriving", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems), data: data));
    }
}
