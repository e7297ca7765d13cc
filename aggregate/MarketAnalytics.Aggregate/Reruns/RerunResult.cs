namespace MarketAnalytics.Aggregate.Reruns;

/// <summary>What a rerun read, examined and changed (or, in a dry run, would change) over [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record RerunResult(DateTime From, DateTime To, long TradesRead, int WindowsExamined, IReadOnlyList<WindowChange> Changes)
{
    public int WindowsChanged => Changes.Count;
}
