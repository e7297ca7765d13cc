namespace MarketAnalytics.Aggregate.Reruns;

/// <summary>Which stored candles a rerun recomputes: 1m, 1h or both.</summary>
public enum RerunIntervals
{
    Minute,
    Hour,
    All,
}
