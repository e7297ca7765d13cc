using System.Collections;
using System.Runtime.CompilerServices;

namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>A growable list of decoded records stored in chunks of under 64 KiB each.</summary>
/// <remarks>A 64k-trade batch in one array would be a 6–7 MB large-object-heap allocation per read, and the large object heap
/// is only collected with generation 2: consuming at millions of trades per second then spends its time in full GCs. Small chunks
/// are ordinary generation-0 allocations that die young once the caller has processed the batch.</remarks>
internal sealed class ChunkedRecordList<T> : IReadOnlyList<T>
{
    private static readonly int Shift = Math.Max(0, (int)Math.Log2(64 * 1024 / Unsafe.SizeOf<T>()));
    private static readonly int ChunkLength = 1 << Shift;

    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {Count} records.");
            return _chunks[index >> Shift][index & (ChunkLength - 1)];
        }
    }

    public void Add(in T record)
    {
        var chunk = Count >> Shift;
        if (chunk == _chunks.Count) _chunks.Add(new T[ChunkLength]);
        _chunks[chunk][Count & (ChunkLength - 1)] = record;
        Count++;
    }

    /// <summary>Empties the list, keeping its chunks for reuse.</summary>
    public void Clear()
    {
        foreach (var chunk in _chunks) Array.Clear(chunk);
        Count = 0;
    }

    public IEnumerator<T> GetEnumerator()
    {
        var left = Count;
        foreach (var chunk in _chunks)
        {
            var take = Math.Min(left, chunk.Length);
            for (var i = 0; i < take; i++) yield return chunk[i];
            left -= take;
            if (left == 0) yield break;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
