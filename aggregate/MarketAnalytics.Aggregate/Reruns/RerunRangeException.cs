namespace MarketAnalytics.Aggregate.Reruns;

/// <summary>A rerun range that cannot be run: empty, inverted, or reaching before the log's retention horizon.</summary>
public sealed class RerunRangeException(string message) : ArgumentException(message);
