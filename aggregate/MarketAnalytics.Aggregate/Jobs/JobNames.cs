namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>The names of the recurring jobs, as they appear in configuration (<c>Jobs:Reconciliation</c>) and as Hangfire's
/// recurring job ids on the dashboard.</summary>
public static class JobNames
{
    public const string Reconciliation = "reconciliation";
    public const string Retention = "retention";
    public const string Integrity = "integrity";

    /// <summary>Reruns of a range asked for through the API or the <c>rerun</c> command; background jobs, never scheduled.</summary>
    public const string Rerun = "rerun";
}
