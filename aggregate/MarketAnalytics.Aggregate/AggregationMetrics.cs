using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Core.Telemetry;

namespace MarketAnalytics.Aggregate;

/// <summary>The streaming aggregation's instruments (meter <see cref="MeterNames.Aggregation"/>).</summary>
public static class AggregationMetrics
{
    private static readonly Meter Meter = new(MeterNames.Aggregation);

    /// <summary>How long one commit of window deltas and offsets took in the store.</summary>
    public static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>(
        "marketanalytics.aggregation.commit.duration", "s", "Time for one commit of aggregates and offsets");

    /// <summary>Market trades per commit.</summary>
    public static readonly Histogram<long> CommitTrades = Meter.CreateHistogram<long>(
        "marketanalytics.aggregation.commit.trades", "{trade}", "Trades per aggregation commit");

    /// <summary>Records written to a log partition and not yet read by the consumer group (after a commit: log end minus the
    /// committed offset), tagged <c>group</c> and <c>partition</c>.</summary>
    private static readonly Gauge<long> ConsumerLag = Meter.CreateGauge<long>(
        "marketanalytics.aggregation.consumer_lag", "{record}", "Log end offset minus the consumer group's position, per partition");

    private static readonly ConcurrentDictionary<(string, string), KeyValuePair<string, object?>[]> LagTags = new();

    public static void RecordLag(string group, PartitionPosition position) =>
        ConsumerLag.Record(position.Lag, LagTags.GetOrAdd((group, position.Partition), static key => [new("group", key.Item1), new("partition", key.Item2)]));

    /// <summary>Commits refused because another instance moved the offsets (a rebalance).</summary>
    public static readonly Counter<long> CommitsRefused = Meter.CreateCounter<long>(
        "marketanalytics.aggregation.commits.refused", "{commit}", "Commits refused because the offsets moved");
}
