using System.Globalization;
using Hangfire;
using Hangfire.Server;
using MarketAnalytics.Aggregate.Reruns;
using MarketAnalytics.Core;
using MarketAnalytics.Jobs;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>A rerun asked for through <c>POST /api/v1/reruns</c> or the <c>rerun</c> command while <c>run</c> holds the data
/// directory, run as a Hangfire background job: its arguments are the request, its result what the rerun read and changed.</summary>
/// <remarks>The engine replaces the whole range in one store transaction, as a rerun from the command line does. While it runs, the
/// job parameter <c>progress</c> (shown on the job's dashboard page) says how far it has come. A range the engine refuses
/// (empty, inverted, before the log's retention) fails the job with the engine's message; it is not retried.</remarks>
public sealed class RerunRequestJob(RerunEngine engine)
{
    /// <summary>The job parameter holding the progress line.</summary>
    public const string ProgressParameter = "progress";

    /// <summary>Enqueues a rerun of <paramref name="request"/> in Hangfire's storage; returns the background job's id.</summary>
    public static string Enqueue(IBackgroundJobClient client, RerunRequest request)
    {
        var symbols = request.Instruments?.Select(i => i.ToString()).ToArray();
        return client.Enqueue<RerunRequestJob>(job =>
            job.RunAsync(request.From, request.To, symbols, request.Intervals, request.DryRun, null, CancellationToken.None));
    }

    /// <param name="from">Start of the range (UTC), widened to a whole window.</param>
    /// <param name="to">End of the range (UTC, exclusive), widened to a whole window.</param>
    /// <param name="symbols">The instruments (<c>venue:SYMBOL</c>), or null for every instrument.</param>
    /// <param name="intervals">Which stored candles to recompute.</param>
    /// <param name="dryRun">Report what would change without writing it.</param>
    /// <param name="context">Filled in by Hangfire; null outside a Hangfire server.</param>
    /// <param name="ct">Filled in by Hangfire: cancelled when the server stops.</param>
    [JobDisplayName("rerun {0:yyyy-MM-dd'T'HH:mm'Z'}..{1:yyyy-MM-dd'T'HH:mm'Z'}")]
    [DisableConcurrentExecution(JobLock.TimeoutSeconds)]
    [AutomaticRetry(Attempts = 0)]
    [RecordRunTimes(JobNames.Rerun)]
    public async Task<JobResult> RunAsync(
        DateTime from, DateTime to, string[]? symbols, RerunIntervals intervals, bool dryRun, PerformContext? context, CancellationToken ct)
    {
        var instruments = symbols is { Length: > 0 } ? symbols.Select(InstrumentId.Parse).ToList() : null;
        var request = new RerunRequest(DateTime.SpecifyKind(from, DateTimeKind.Utc), DateTime.SpecifyKind(to, DateTimeKind.Utc), instruments,
            intervals, dryRun);
        var progress = context is null ? null : new JobParameterProgress(context);
        var result = await engine.RunAsync(request, progress, ct);
        return new JobResult(result.WindowsExamined, result.WindowsChanged, result.TradesRead,
            ReconciliationJob.Describe(result, dryRun ? "dry run: would change" : "changed"));
    }

    /// <summary>Writes each progress report to the job's <see cref="ProgressParameter"/> (one storage write per hour of log read).</summary>
    private sealed class JobParameterProgress(PerformContext context) : IProgress<RerunProgress>
    {
        public void Report(RerunProgress value)
        {
            var done = (value.Through - value.From).Ticks / (double)(value.To - value.From).Ticks;
            context.SetJobParameter(ProgressParameter, string.Create(CultureInfo.InvariantCulture,
                $"{done * 100:F0}%: through {UtcTime.Format(value.Through)}, {value.TradesRead} trades read"));
        }
    }
}
