namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>The in-memory sparse index of one segment: one <see cref="IndexBlock"/> per run of records.</summary>
/// <remarks>Rebuilt by the scan on open, so there is no index file to keep consistent with the data after a crash. The writer adds
/// while readers look up, hence the lock; blocks may describe records not yet durable, which only makes skipping more cautious.</remarks>
internal sealed class SegmentIndex(int recordsPerBlock)
{
    private readonly Lock _lock = new();
    private readonly List<IndexBlock> _blocks = [];

    public void Add(long offset, long position, long ticks)
    {
        lock (_lock)
        {
            var last = _blocks.Count - 1;
            if (last >= 0 && _blocks[last].Count < recordsPerBlock)
            {
                var block = _blocks[last];
                _blocks[last] = block with
                {
                    Count = block.Count + 1,
                    MinTicks = Math.Min(block.MinTicks, ticks),
                    MaxTicks = Math.Max(block.MaxTicks, ticks),
                };
            }
            else _blocks.Add(new IndexBlock(offset, position, 1, ticks, ticks));
        }
    }

    /// <summary>The last block starting at or before <paramref name="offset"/>; false when there is none.</summary>
    public bool TryFind(long offset, out IndexBlock found)
    {
        lock (_lock)
        {
            int lo = 0, hi = _blocks.Count - 1, at = -1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_blocks[mid].FirstOffset <= offset) { at = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            found = at >= 0 ? _blocks[at] : default;
            return at >= 0;
        }
    }

    public IndexBlock[] Snapshot()
    {
        lock (_lock) return [.. _blocks];
    }
}
