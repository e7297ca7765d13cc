namespace MarketAnalytics.Core.Ports;

/// <summary>Where a job run is in its life: queued (asked for, not started), running, or one of the three ends.</summary>
public enum JobRunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Canceled,
}
