namespace MarketAnalytics.Core.Ports;

/// <summary>One recorded run of a job, from the moment it was queued or started until it finished.</summary>
/// <remarks>Times are UTC. <see cref="Parameters"/> is the JSON the run was asked with (<c>{}</c> for scheduled and manual runs,
/// the range for a rerun request). Counts are 0 until the run finishes, and stay 0 for jobs that do not read windows.</remarks>
public sealed record JobRun(
    long Id,
    string Job,
    JobTrigger Trigger,
    string Parameters,
    JobRunStatus Status,
    DateTime QueuedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    int WindowsExamined,
    int WindowsChanged,
    long TradesRead,
    string? Summary,
    string? Error)
{
    /// <summary>How long the run took; null until it has both started and finished.</summary>
    public TimeSpan? Duration => StartedAt is { } start && FinishedAt is { } end ? end - start : null;
}
