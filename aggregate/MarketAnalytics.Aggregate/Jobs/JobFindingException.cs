using MarketAnalytics.Jobs;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>A run that completed but found something wrong (e.g. hours that differ from their minutes): it fails the Hangfire job
/// with the finding as its message, and keeps the counts in <see cref="Result"/>.</summary>
public sealed class JobFindingException(JobResult result, string finding) : Exception($"{result.Summary}: {finding}")
{
    public JobResult Result { get; } = result;
}
