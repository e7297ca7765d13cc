using MarketAnalytics.Core.Durability;

namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>What the writes since the last group commit touched: the files and directories to fsync and the partition views to
/// publish once they are durable.</summary>
internal sealed class UnflushedWrites
{
    private readonly HashSet<Segment> _segments = [];
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private readonly Dictionary<Partition, PartitionView> _views = [];

    public bool IsEmpty => _segments.Count == 0 && _directories.Count == 0 && _views.Count == 0;

    public void Wrote(Segment segment) => _segments.Add(segment);

    /// <summary>Records a new entry (file or directory) in <paramref name="directory"/>, whose own fsync makes the entry durable.</summary>
    public void Created(string directory) => _directories.Add(directory);

    public void Advanced(Partition partition) => _views[partition] = partition.Written();

    /// <summary>Keeps a pending view in step when the partition's segment list changed under it (retention).</summary>
    public void Refresh(Partition partition)
    {
        if (_views.ContainsKey(partition)) _views[partition] = partition.Written();
    }

    /// <summary>Makes every write durable: fsync of each written file, then of each directory that gained an entry.</summary>
    public void Flush()
    {
        foreach (var segment in _segments) RandomAccess.FlushToDisk(segment.Handle);
        foreach (var directory in _directories) DirectorySync.Flush(directory);
    }

    public void Publish()
    {
        foreach (var (partition, view) in _views) partition.Durable = view;
    }
}
