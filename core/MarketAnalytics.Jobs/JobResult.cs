namespace MarketAnalytics.Jobs;

/// <summary>What one job run did: windows examined and changed, trades read and a one-line summary; Hangfire keeps it as the
/// succeeded job's result, which the dashboard shows.</summary>
public sealed record JobResult(int WindowsExamined, int WindowsChanged, long TradesRead, string Summary);
