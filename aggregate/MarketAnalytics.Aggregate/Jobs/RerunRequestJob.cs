using MarketAnalytics.Aggregate.Reruns;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>Runs a rerun asked for through the API (<c>POST /api/v1/reruns</c>): the range, instruments, intervals and dry-run
/// flag come from the queued run's <see cref="RerunParameters"/>.</summary>
/// <remarks>A range the engine refuses (empty, inverted, before the log's retention) fails the run with the engine's message.</remarks>
public sealed class RerunRequestJob(RerunEngine engine) : IJob
{
    public string Name => JobNames.Rerun;

    public async Task<JobResult> RunAsync(string parameters, CancellationToken ct)
    {
        var asked = RerunParameters.FromJson(parameters);
        var intervals = asked.Interval switch
        {
            "1m" => RerunIntervals.Minute,
            "1h" => RerunIntervals.Hour,
            _ => RerunIntervals.All,
        };
        var result = await engine.RunAsync(new RerunRequest(asked.From, asked.To, asked.Instruments, intervals, asked.DryRun), null, ct);
        return new JobResult(result.WindowsExamined, result.WindowsChanged, result.TradesRead,
            ReconciliationJob.Describe(result, asked.DryRun ? "dry run: would change" : "changed"));
    }
}
