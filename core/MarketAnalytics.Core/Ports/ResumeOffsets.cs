namespace MarketAnalytics.Core.Ports;

/// <summary>Answers, for partitions newly assigned to a consumer, the next offset to read in each (absent: from the start).</summary>
/// <remarks>The aggregation job answers from its store, where offsets are committed with the aggregates (the exactly-once sink).</remarks>
public delegate IReadOnlyDictionary<string, long> ResumeOffsets(IReadOnlyCollection<string> partitions);
