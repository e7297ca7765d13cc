using System.Diagnostics.Metrics;
using MarketAnalytics.Core.Telemetry;

namespace MarketAnalytics.Jobs;

/// <summary>The jobs' instruments (meter <see cref="MeterNames.Jobs"/>): one measurement per run of a job's body, tagged with the
/// job's name (the aggregate's <c>JobNames</c>, or <c>poll</c> for the scheduled REST source) and its outcome
/// (<c>succeeded</c> or <c>failed</c>).</summary>
public static class JobMetrics
{
    private static readonly Meter Meter = new(MeterNames.Jobs);

    private static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>(
        "marketanalytics.job.run.duration", "s", "Time one run of a job's body took; its count is the number of runs");

    /// <summary>Records one run; <paramref name="job"/> is the job's name.</summary>
    public static void RecordRun(string job, bool failed, TimeSpan duration) =>
        RunDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("job", job),
            new KeyValuePair<string, object?>("outcome", failed ? "failed" : "succeeded"));
}
