namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>What one job run did: windows examined and changed, trades read, a one-line summary, and a failure if it found one.</summary>
public sealed record JobResult(int WindowsExamined, int WindowsChanged, long TradesRead, string Summary, string? Failure = null);
