using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.EmbeddedLog.Format;
using MarketAnalytics.Storage.EmbeddedLog.Partitions;

namespace MarketAnalytics.Storage.EmbeddedLog;

/// <summary>The embedded log's consumer: reads every trade partition, picking up new ones as they appear.</summary>
/// <remarks>Each read starts at the partition after the one the previous read started at, so a busy instrument cannot starve the
/// others when batches fill up. Not thread-safe: one reader calls <see cref="ReadAsync"/> at a time.
/// <para>Every batch's trades are the same list, refilled by each read (see <see cref="ITradeConsumer.ReadAsync"/>): a list
/// allocated per read would, at the aggregation's 200k-trade batches of 112-byte trades, be a 22 MB large-object-heap allocation
/// each time, which only full collections reclaim; read after read, the consumer then spends its time allocating and collecting.</para></remarks>
internal sealed class EmbeddedTradeConsumer(EmbeddedLog log, string group, ResumeOffsets resume) : ITradeConsumer
{
    private const int ReadBufferBytes = 256 * 1024;

    private readonly List<PartitionCursor> _cursors = [];
    private readonly List<Trade> _trades = [];
    private int _nextFirst;
    private bool _disposed;

    public async ValueTask<TradeBatch> ReadAsync(int maxTrades, TimeSpan maxWait, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTrades);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var clock = log.Options.TimeProvider;
        var started = clock.GetTimestamp();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            log.ThrowIfUnusable();
            // Taken before looking, so an append published between the look and the wait still wakes us.
            var appended = log.Appended;
            AssignNewPartitions();
            var batch = Read(maxTrades);
            if (!batch.IsEmpty) return batch;
            var remaining = maxWait - clock.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero) return TradeBatch.Empty;
            await appended.WaitAsync(remaining, clock, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public IReadOnlyList<PartitionPosition> Positions() =>
        _cursors.Select(c => new PartitionPosition(c.Partition.Name, c.NextOffset, c.Partition.Durable.EndOffset)).ToList();

    public override string ToString() => $"consumer '{group}' of {log.Directory}";

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _cursors.Clear();
        return ValueTask.CompletedTask;
    }

    private void AssignNewPartitions()
    {
        var partitions = log.Trades.Partitions;
        if (partitions.Count == _cursors.Count) return;
        var added = new List<Partition>();
        for (var i = _cursors.Count; i < partitions.Count; i++) added.Add(partitions[i]);
        var offsets = resume(added.Select(p => p.Name).ToArray());
        foreach (var partition in added)
        {
            var offset = offsets.TryGetValue(partition.Name, out var next) ? next : 0;
            _cursors.Add(new PartitionCursor(partition, offset, ReadBufferBytes));
        }
    }

    private TradeBatch Read(int maxTrades)
    {
        var trades = _trades;
        trades.Clear();
        List<LogRange>? ranges = null;
        var count = _cursors.Count;
        for (var i = 0; i < count && trades.Count < maxTrades; i++)
        {
            var cursor = _cursors[(_nextFirst + i) % count];
            var view = cursor.Partition.Durable;
            if (cursor.NextOffset >= view.EndOffset) continue;
            // Counted back from the end because a cursor below the partition's start (retention) first jumps to the start.
            var read = log.Trades.ReadInto(cursor, view, maxTrades - trades.Count, trades);
            if (read == 0) continue;
            (ranges ??= []).Add(new LogRange(cursor.Partition.Name, cursor.NextOffset - read, cursor.NextOffset));
        }
        if (count > 0) _nextFirst = (_nextFirst + 1) % count;
        return ranges is null ? TradeBatch.Empty : new TradeBatch(trades, ranges);
    }
}
