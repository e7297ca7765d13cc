namespace MarketAnalytics.Jobs;

/// <summary>How long a job waits for the distributed lock that keeps two runs of it (on any instance) from overlapping.</summary>
/// <remarks>Hangfire's <c>DisableConcurrentExecution</c> takes the lock in the job storage, shared by every instance; a run that
/// cannot get it in this time fails with Hangfire's timeout message rather than run beside the other.</remarks>
public static class JobLock
{
    public const int TimeoutSeconds = 600;
}
