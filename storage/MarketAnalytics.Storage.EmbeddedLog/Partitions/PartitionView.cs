namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>An immutable picture of a partition's records: its segments and where its records end.</summary>
/// <remarks>Readers take the partition's durable view once per read and never look past it, so they see only fsynced records and
/// never a record the writer is still writing.</remarks>
internal sealed class PartitionView(Segment[] segments, long endOffset, long endPosition)
{
    public Segment[] Segments { get; } = segments;

    /// <summary>The offset the next record will get.</summary>
    public long EndOffset { get; } = endOffset;

    /// <summary>The end of the records in the last segment (bytes).</summary>
    public long EndPosition { get; } = endPosition;

    public long StartOffset => Segments[0].BaseOffset;

    public long EndPositionOf(Segment segment) => ReferenceEquals(segment, Segments[^1]) ? EndPosition : segment.SealedLength;

    /// <summary>The index of the segment holding <paramref name="offset"/> (the last one starting at or before it), or -1.</summary>
    public int SegmentIndexOf(long offset)
    {
        int lo = 0, hi = Segments.Length - 1, at = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Segments[mid].BaseOffset <= offset) { at = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return at;
    }
}
