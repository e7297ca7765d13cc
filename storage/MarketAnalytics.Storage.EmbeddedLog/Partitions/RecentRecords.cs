using System.Runtime.InteropServices;
using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>The records a stream wrote last, kept in memory as they were written, so that a consumer at the log's tail copies them
/// instead of reading the files back and decoding them.</summary>
/// <remarks>A ring of <c>capacity</c> records shared by the stream's partitions, allocated on the first write. Each write keeps its
/// records as one run: the partition's instrument, its first offset and its place in the ring. A run is dropped before its slots
/// are written again or when more than <see cref="MaxRuns"/> newer ones are kept; a write longer than the ring is not kept. The
/// writer, holding the log's write lock, calls <see cref="Reserve"/>, <see cref="Keep"/> with the records it wrote in order, and
/// <see cref="Publish"/>; readers call <see cref="CopyTo"/> from any thread. Nothing here decides what a reader may see: the
/// caller bounds each copy by the partition's durable end.</remarks>
internal sealed class RecentRecords<T>(int capacity)
{
    // Bounds a reader's scan when writes are small (a live feed writes a few trades at a time).
    private const int MaxRuns = 1024;

    private readonly Lock _lock = new();
    private readonly Queue<Run> _runs = new();
    private T[] _ring = [];
    // Where the next record goes, counted from the first write; its slot is the remainder by the capacity.
    private long _next;
    private long _runStart;
    private bool _keeping;

    private readonly record struct Run(InstrumentId Partition, long FirstOffset, long Start, int Count)
    {
        public long EndOffset => FirstOffset + Count;
    }

    /// <summary>Makes room for a write of up to <paramref name="count"/> records.</summary>
    public void Reserve(int count)
    {
        _keeping = count > 0 && count <= capacity;
        if (!_keeping) return;
        if (_ring.Length == 0) _ring = new T[capacity];
        lock (_lock)
        {
            // Runs holding any of the slots this write may take are dropped first, so no reader copies a slot being written.
            while (_runs.TryPeek(out var oldest) && oldest.Start < _next + count - capacity) _runs.Dequeue();
        }
        _runStart = _next;
    }

    /// <summary>Keeps the next records of the reserved write.</summary>
    public void Keep(ReadOnlySpan<T> records)
    {
        if (!_keeping || records.IsEmpty) return;
        // A run of records at a time marks the ring's card table once, not once per reference; it may wrap around the end.
        var slot = (int)(_next % capacity);
        var first = Math.Min(records.Length, capacity - slot);
        records[..first].CopyTo(_ring.AsSpan(slot));
        records[first..].CopyTo(_ring);
        _next += records.Length;
    }

    /// <summary>Ends the reserved write: the records kept since <see cref="Reserve"/> are <paramref name="partition"/>'s from
    /// <paramref name="firstOffset"/> on.</summary>
    public void Publish(InstrumentId partition, long firstOffset)
    {
        if (!_keeping) return;
        _keeping = false;
        var count = (int)(_next - _runStart);
        if (count == 0) return;
        lock (_lock)
        {
            if (_runs.Count == MaxRuns) _runs.Dequeue();
            _runs.Enqueue(new Run(partition, firstOffset, _runStart, count));
        }
    }

    /// <summary>Appends to <paramref name="records"/> the kept records of <paramref name="partition"/> from
    /// <paramref name="offset"/> on, up to <paramref name="max"/> and up to the first one not kept; how many.</summary>
    public int CopyTo(InstrumentId partition, long offset, int max, List<T> records)
    {
        var copied = 0;
        lock (_lock)
        {
            // A partition's runs are in the queue in offset order, each write's after the one before.
            foreach (var run in _runs)
            {
                if (copied == max) break;
                if (run.Partition != partition || run.EndOffset <= offset) continue;
                if (run.FirstOffset > offset) break;
                var count = (int)Math.Min(max - copied, run.EndOffset - offset);
                var at = records.Count;
                CollectionsMarshal.SetCount(records, at + count);
                var target = CollectionsMarshal.AsSpan(records).Slice(at, count);
                var slot = (int)((run.Start + (offset - run.FirstOffset)) % capacity);
                var first = Math.Min(count, capacity - slot);
                _ring.AsSpan(slot, first).CopyTo(target);
                _ring.AsSpan(0, count - first).CopyTo(target[first..]);
                offset += count;
                copied += count;
            }
        }
        return copied;
    }
}
