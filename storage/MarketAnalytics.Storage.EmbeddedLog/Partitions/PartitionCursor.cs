using MarketAnalytics.Storage.EmbeddedLog.Format;

namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>A position in one partition that reads record frames forward through its segments.</summary>
/// <remarks>Reads go through a private buffer filled by positional reads, so many cursors share the segment handles without
/// locking. Not thread-safe: one reader owns a cursor.</remarks>
internal sealed class PartitionCursor(Partition partition, long offset, int bufferBytes)
{
    private readonly byte[] _buffer = new byte[Math.Max(bufferBytes, 2 * (RecordFrame.HeaderSize + RecordFrame.MaxPayload))];
    private Segment? _segment;
    private long _position;
    private long _bufferStart;
    private int _bufferLength;

    public Partition Partition { get; } = partition;

    /// <summary>The offset of the next record this cursor reads.</summary>
    public long NextOffset { get; private set; } = offset;

    public void Seek(long offset)
    {
        if (offset == NextOffset && _segment is not null) return;
        NextOffset = offset;
        _segment = null;
    }

    /// <summary>Reads the next record of <paramref name="view"/>; false at its end.</summary>
    /// <remarks>An offset before the partition's start (segments deleted by retention) moves to the start, as Kafka's
    /// <c>auto.offset.reset=earliest</c> does.</remarks>
    public bool TryRead(PartitionView view, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (_segment is null)
        {
            if (NextOffset < view.StartOffset) NextOffset = view.StartOffset;
            if (NextOffset >= view.EndOffset) return false;
            MoveTo(view);
        }
        if (NextOffset >= view.EndOffset) return false;
        var refilled = false;
        while (true)
        {
            var segment = _segment!;
            var end = view.EndPositionOf(segment);
            if (_position >= end)
            {
                NextSegment(view);
                refilled = false;
                continue;
            }
            var at = _position - _bufferStart;
            if (at >= 0 && at < _bufferLength)
            {
                var available = _buffer.AsSpan((int)at, _bufferLength - (int)at);
                switch (RecordFrame.Check(available, out var size))
                {
                    case FrameStatus.Complete:
                        payload = available.Slice(RecordFrame.HeaderSize, size - RecordFrame.HeaderSize);
                        _position += size;
                        NextOffset++;
                        return true;
                    case FrameStatus.Corrupt:
                        throw CorruptAt(segment);
                }
            }
            if (refilled) throw CorruptAt(segment);
            Fill(segment, (int)Math.Min(_buffer.Length, end - _position));
            refilled = true;
        }
    }

    private void Fill(Segment segment, int count)
    {
        var read = 0;
        while (read < count)
        {
            var n = RandomAccess.Read(segment.Handle, _buffer.AsSpan(read, count - read), _position + read);
            if (n == 0) break;
            read += n;
        }
        _bufferStart = _position;
        _bufferLength = read;
    }

    private void NextSegment(PartitionView view)
    {
        var index = view.SegmentIndexOf(NextOffset);
        if (index >= 0 && view.Segments[index].BaseOffset == NextOffset && !ReferenceEquals(view.Segments[index], _segment))
        {
            _segment = view.Segments[index];
            _position = Segment.HeaderSize;
            _bufferLength = 0;
            return;
        }
        if (NextOffset < view.StartOffset)
        {
            NextOffset = view.StartOffset;
            MoveTo(view);
            return;
        }
        throw new InvalidDataException(
            $"Partition '{Partition.Name}' has no segment starting at offset {NextOffset} after '{_segment?.Path}'.");
    }

    // Seeks through the sparse index to the block holding NextOffset, then skips the records before it.
    private void MoveTo(PartitionView view)
    {
        var target = NextOffset;
        _segment = view.Segments[view.SegmentIndexOf(target)];
        _bufferLength = 0;
        if (_segment.Index.TryFind(target, out var block))
        {
            _position = block.Position;
            NextOffset = block.FirstOffset;
        }
        else
        {
            _position = Segment.HeaderSize;
            NextOffset = _segment.BaseOffset;
        }
        while (NextOffset < target && TryRead(view, out _))
        {
        }
    }

    private InvalidDataException CorruptAt(Segment segment) =>
        new($"Record {NextOffset} of partition '{Partition.Name}' at byte {_position} of '{segment.Path}' is corrupt.");
}
