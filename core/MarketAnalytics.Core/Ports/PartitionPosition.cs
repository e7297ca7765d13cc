namespace MarketAnalytics.Core.Ports;

/// <summary>Where a consumer stands in one log partition: the next offset it reads and the partition's end offset.</summary>
/// <remarks><see cref="Lag"/> is the number of records written but not yet read by this consumer; after a commit it equals the
/// log end minus the committed offset.</remarks>
public readonly record struct PartitionPosition(string Partition, long Next, long End)
{
    public long Lag => Math.Max(0, End - Next);
}
