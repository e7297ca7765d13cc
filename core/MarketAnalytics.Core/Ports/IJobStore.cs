namespace MarketAnalytics.Core.Ports;

/// <summary>The port to the record of job runs, the queue of runs asked for from outside (the API), and the per-job leases
/// that let only one process run a job at a time.</summary>
/// <remarks>Runs are numbered in the order they were created; "newest first" means by that number. A lease belongs to one
/// holder until it expires; times are UTC and come from the caller's clock, so every process must share a roughly correct clock.</remarks>
public interface IJobStore : IAsyncDisposable
{
    /// <summary>Records a run that starts now (a scheduled run); returns its id.</summary>
    Task<long> StartAsync(string job, JobTrigger trigger, string parameters, DateTime startedAt, CancellationToken ct);

    /// <summary>Asks for a run that a scheduler will start when it next looks; returns its id.</summary>
    Task<long> QueueAsync(string job, JobTrigger trigger, string parameters, DateTime queuedAt, CancellationToken ct);

    /// <summary>Every queued run, oldest first.</summary>
    Task<IReadOnlyList<JobRun>> GetQueuedAsync(CancellationToken ct);

    /// <summary>Moves a queued run to running; false when it is no longer queued (another scheduler took it).</summary>
    Task<bool> TryStartQueuedAsync(long id, DateTime startedAt, CancellationToken ct);

    /// <summary>Records how a running run ended.</summary>
    Task FinishAsync(long id, JobOutcome outcome, CancellationToken ct);

    /// <summary>Marks runs of <paramref name="job"/> still recorded as running as failed with <paramref name="error"/>: called by
    /// the holder of a newly acquired lease, since no one else can be running them; returns how many.</summary>
    Task<int> FailRunningAsync(string job, string error, DateTime at, CancellationToken ct);

    Task<JobRun?> GetRunAsync(long id, CancellationToken ct);

    /// <summary>The newest <paramref name="limit"/> runs of <paramref name="job"/>, newest first.</summary>
    Task<IReadOnlyList<JobRun>> GetRunsAsync(string job, int limit, CancellationToken ct);

    /// <summary>The newest <paramref name="limit"/> runs of every job, newest first.</summary>
    Task<IReadOnlyList<JobRun>> GetRecentRunsAsync(int limit, CancellationToken ct);

    /// <summary>Takes the lease of <paramref name="job"/> for <paramref name="holder"/> until <paramref name="now"/> +
    /// <paramref name="duration"/> if it is free, expired or already this holder's; false when another holder has it.</summary>
    Task<bool> TryAcquireLeaseAsync(string job, string holder, DateTime now, TimeSpan duration, CancellationToken ct);

    /// <summary>Extends a lease this holder still has; false when it expired and someone else took it.</summary>
    Task<bool> RenewLeaseAsync(string job, string holder, DateTime now, TimeSpan duration, CancellationToken ct);

    /// <summary>Gives the lease up if this holder has it.</summary>
    Task ReleaseLeaseAsync(string job, string holder, CancellationToken ct);
}
