namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>The in-memory sparse index of one segment: one <see cref="IndexBlock"/> per run of records.</summary>
/// <remarks>Rebuilt by the scan on open, so there is no index file to keep consistent with the data after a crash. The writer
/// fills the last block record by record without the lock and publishes it to readers at the end of each write (and whenever it
/// is full), so a write of 32k records takes the lock a few dozen times, not 32k times; records become durable, and so readable,
/// only after the write has returned. Blocks may describe records not yet durable, which only makes skipping more cautious.</remarks>
internal sealed class SegmentIndex(int recordsPerBlock)
{
    private readonly Lock _lock = new();
    private readonly List<IndexBlock> _blocks = [];
    // Writer only: the block being filled (Count 0 when none); readers see it as it was last published.
    private IndexBlock _open;

    /// <summary>Adds the next record to the block being filled; readers see it after <see cref="Publish"/>.</summary>
    public void Add(long offset, long position, long ticks)
    {
        _open = _open.Count == 0
            ? new IndexBlock(offset, position, 1, ticks, ticks)
            : _open with { Count = _open.Count + 1, MinTicks = Math.Min(_open.MinTicks, ticks), MaxTicks = Math.Max(_open.MaxTicks, ticks) };
        if (_open.Count == recordsPerBlock) Publish();
    }

    /// <summary>Makes every record added so far visible to readers.</summary>
    public void Publish()
    {
        if (_open.Count == 0) return;
        lock (_lock)
        {
            if (_blocks.Count > 0 && _blocks[^1].FirstOffset == _open.FirstOffset) _blocks[^1] = _open;
            else _blocks.Add(_open);
        }
        if (_open.Count == recordsPerBlock) _open = default;
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
