using System.Globalization;
using Hangfire;
using MarketAnalytics.Aggregate.Reruns;
using MarketAnalytics.Core;
using MarketAnalytics.Jobs;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>Reruns the last <c>Jobs:Reconciliation:Hours</c> whole hours from the log and writes what differs, so any window
/// streaming got wrong (or lost) is repaired; the run records windows examined and changed and trades read.</summary>
/// <remarks>The hour in progress is left to streaming. The rerun counts only what streaming has committed (see the rerun engine),
/// so a window still catching up is not reported as a difference.</remarks>
public sealed class ReconciliationJob(RerunEngine engine, IOptions<JobsOptions> options, TimeProvider clock)
{
    /// <summary>At most this many repaired windows are spelled out in the run's summary.</summary>
    private const int ListedChanges = 10;

    [JobDisplayName(JobNames.Reconciliation)]
    [DisableConcurrentExecution(JobLock.TimeoutSeconds)]
    [AutomaticRetry(Attempts = 0)]
    [RecordRunTimes(JobNames.Reconciliation)]
    public async Task<JobResult> RunAsync(CancellationToken ct)
    {
        var to = CandleInterval.OneHour.WindowStart(clock.GetUtcNow().UtcDateTime);
        var from = to.AddHours(-options.Value.Reconciliation.Hours);
        var result = await engine.RunAsync(new RerunRequest(from, to, null, RerunIntervals.All, DryRun: false), null, ct);
        return new JobResult(result.WindowsExamined, result.WindowsChanged, result.TradesRead, Describe(result, "repaired"));
    }

    /// <summary>One line: the range, how many windows differed, and the first few of them with their count and volume before and after.</summary>
    public static string Describe(RerunResult result, string verb)
    {
        var range = $"{UtcTime.Format(result.From)}..{UtcTime.Format(result.To)}";
        if (result.WindowsChanged == 0)
            return $"{range}: {result.WindowsExamined} windows examined, {result.TradesRead} trades read, no differences";
        var listed = string.Join("; ", result.Changes.Take(ListedChanges).Select(c =>
            $"{c.Instrument} {c.Interval} {UtcTime.Format(c.OpenTime)} count {c.CountBefore}->{c.CountAfter} " +
            $"volume {c.VolumeBefore.ToString(CultureInfo.InvariantCulture)}->{c.VolumeAfter.ToString(CultureInfo.InvariantCulture)}"));
        var more = result.WindowsChanged > ListedChanges ? $"; and {result.WindowsChanged - ListedChanges} more" : "";
        return $"{range}: {verb} {result.WindowsChanged} of {result.WindowsExamined} windows ({result.TradesRead} trades read): {listed}{more}";
    }
}
