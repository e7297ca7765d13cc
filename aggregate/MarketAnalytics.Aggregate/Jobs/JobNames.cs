namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>The names of the jobs, as they appear in configuration (<c>Jobs:Reconciliation</c>), the store and the API.</summary>
public static class JobNames
{
    public const string Reconciliation = "reconciliation";
    public const string Retention = "retention";
    public const string Integrity = "integrity";

    /// <summary>Reruns of a range asked for through the API; queued only, never scheduled.</summary>
    public const string Rerun = "rerun";

    /// <summary>Every job a scheduler runs.</summary>
    public static IReadOnlyList<string> All { get; } = [Reconciliation, Retention, Integrity, Rerun];
}
