namespace MarketAnalytics.Core.Telemetry;

/// <summary>The names of the project's meters, one per area; a host exports every one of them (README, "Metrics").</summary>
public static class MeterNames
{
    /// <summary>Sources: trades and quotes received, reconnects, connection state.</summary>
    public const string Ingest = "MarketAnalytics.Ingest";

    /// <summary>The durable log: trades recorded and dropped as duplicates, append latency and batch size, consumer lag.</summary>
    public const string Log = "MarketAnalytics.Log";

    /// <summary>The streaming aggregation: commit latency and trades per commit.</summary>
    public const string Aggregation = "MarketAnalytics.Aggregation";

    /// <summary>The current-price cache: errors of its backend.</summary>
    public const string Prices = "MarketAnalytics.Prices";

    /// <summary>The internal exchange: commands per type and their latency.</summary>
    public const string Exchange = "MarketAnalytics.Exchange";

    /// <summary>The scheduled and requested jobs: runs per job and outcome, and their duration.</summary>
    public const string Jobs = "MarketAnalytics.Jobs";

    public static readonly IReadOnlyList<string> All = [Ingest, Log, Aggregation, Prices, Exchange, Jobs];
}
