namespace MarketAnalytics.Aggregate.Reruns;

/// <summary>How far a rerun has come: trades read so far and the exchange time it has recomputed up to.</summary>
public readonly record struct RerunProgress(long TradesRead, DateTime Through, DateTime From, DateTime To);
