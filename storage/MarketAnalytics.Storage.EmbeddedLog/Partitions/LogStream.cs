using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Core.Telemetry;
using MarketAnalytics.Storage.EmbeddedLog.Format;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>One stream of the log (trades or quotes): its partitions, and the write, read, seek and replay paths over them.</summary>
/// <remarks>Writes are made by the caller holding the log's write lock; reads only use the partitions' durable views.</remarks>
internal sealed class LogStream<T, TFormat> : IDisposable where TFormat : IRecordFormat<T>
{
    private const int ReadBufferBytes = 256 * 1024;

    private readonly string _directory;
    private readonly EmbeddedLogOptions _options;
    private readonly Dictionary<InstrumentId, Partition> _byInstrument = [];
    private readonly List<Segment> _retired = [];
    private volatile Partition[] _partitions;
    private byte[] _chunk = new byte[1024 * 1024];
    private readonly RecentRecords<T> _recent;

    private LogStream(string directory, EmbeddedLogOptions options, Partition[] partitions, int recentRecords)
    {
        _directory = directory;
        _options = options;
        _partitions = partitions;
        _recent = new RecentRecords<T>(recentRecords);
        foreach (var partition in partitions) _byInstrument.Add(partition.Instrument, partition);
    }

    /// <summary>The partitions, in the order they were created or found; a new one is added at the end.</summary>
    public IReadOnlyList<Partition> Partitions => _partitions;

    /// <param name="recentRecords">How many of the newest records to keep in memory for consumers at the tail (0: none).</param>
    public static LogStream<T, TFormat> Open(
        string logDirectory, EmbeddedLogOptions options, ILogger logger, ConcurrentQueue<TornTail> cuts, int recentRecords = 0)
    {
        var directory = Path.Combine(logDirectory, TFormat.StreamName);
        Directory.CreateDirectory(directory);
        var found = new List<(InstrumentId Instrument, string Directory)>();
        foreach (var partitionDirectory in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            if (PartitionDirectory.TryParse(Path.GetFileName(partitionDirectory), out var instrument))
                found.Add((instrument, partitionDirectory));
            else logger.LogWarning("Ignoring {Directory}: its name is not a partition name (venue=SYMBOL)", partitionDirectory);
        }
        var partitions = new Partition[found.Count];
        Parallel.For(0, found.Count, i => partitions[i] = PartitionRecovery.Load<T, TFormat>(found[i].Instrument, found[i].Directory, options, cuts));
        return new LogStream<T, TFormat>(directory, options, partitions, recentRecords);
    }

    public Partition? Find(string name)
    {
        foreach (var partition in _partitions)
            if (partition.Name == name) return partition;
        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> for the first record that cannot be logged; checked before anything is
    /// written, so a rejected batch leaves no trace.</summary>
    public void Validate(IReadOnlyList<T> records)
    {
        InstrumentId checkedInstrument = default;
        foreach (ref readonly var record in Batch.AsSpan(records))
        {
            TFormat.Validate(record);
            var instrument = TFormat.InstrumentOf(record);
            if (instrument == checkedInstrument) continue;
            if (!InstrumentId.IsToken(instrument.Venue) || !InstrumentId.IsSymbol(instrument.Symbol))
                throw new ArgumentException($"'{instrument}' is not a valid instrument id (venue:SYMBOL of letters, digits, '-', '_', '.', '/' inside a symbol).", "records");
            // One spelling per instrument, so one partition (and one directory, also on case-insensitive file systems).
            if (InstrumentId.Of(instrument.Venue, instrument.Symbol) != instrument)
                throw new ArgumentException($"Instrument id '{instrument}' is not normalised: build it with InstrumentId.Of or Parse.", "records");
            checkedInstrument = instrument;
        }
    }

    /// <summary>Writes the validated <paramref name="records"/> (caller holds the write lock), dropping already-logged trades.</summary>
    /// <returns>How many were written and how many dropped as duplicates.</returns>
    public AppendResult Write(IReadOnlyList<T> records, UnflushedWrites unflushed)
    {
        var all = Batch.AsSpan(records);
        var first = TFormat.InstrumentOf(all[0]);
        var mixed = false;
        for (var i = 1; i < all.Length && !mixed; i++) mixed = TFormat.InstrumentOf(all[i]) != first;
        if (!mixed) return WritePartition(Resolve(first, unflushed), records, null, unflushed);

        // Group by instrument, keeping each instrument's order, so every partition gets one contiguous write.
        var groups = new Dictionary<InstrumentId, List<int>>();
        for (var i = 0; i < all.Length; i++)
        {
            var instrument = TFormat.InstrumentOf(all[i]);
            if (!groups.TryGetValue(instrument, out var indices)) groups.Add(instrument, indices = []);
            indices.Add(i);
        }
        int appended = 0, duplicates = 0;
        foreach (var (instrument, indices) in groups)
        {
            var result = WritePartition(Resolve(instrument, unflushed), records, indices, unflushed);
            appended += result.Appended;
            duplicates += result.Duplicates;
        }
        return new AppendResult(appended, duplicates);
    }

    /// <summary>Up to <paramref name="max"/> durable records of <paramref name="partition"/> from <paramref name="fromOffset"/>.</summary>
    public List<T> Read(string partition, long fromOffset, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var found = Find(partition) ?? throw UnknownPartition(partition);
        var cursor = new PartitionCursor(found, fromOffset, ReadBufferBytes);
        var records = new List<T>();
        ReadInto(cursor, found.Durable, max, records);
        return records;
    }

    /// <summary>Reads up to <paramref name="max"/> records at the cursor into <paramref name="records"/>.</summary>
    /// <remarks>Records still kept in memory since they were written are copied from there, the rest read from the files.</remarks>
    public int ReadInto(PartitionCursor cursor, PartitionView view, int max, List<T> records)
    {
        var instrument = cursor.Partition.Instrument;
        var read = 0;
        // Below the partition's start (retention deleted it) the cursor first moves to the start, as it reads the files.
        if (cursor.NextOffset >= view.StartOffset && cursor.NextOffset < view.EndOffset)
        {
            read = _recent.CopyTo(instrument, cursor.NextOffset, (int)Math.Min(max, view.EndOffset - cursor.NextOffset), records);
            if (read > 0) cursor.Seek(cursor.NextOffset + read);
        }
        while (read < max && cursor.TryRead(view, out var payload))
        {
            // Decoded in place (see Batch.AddSlot); a record that cannot be decoded fails the whole read, so the slot's default
            // record is never handed on.
            Batch.AddSlot(records) = TFormat.Decode(payload, instrument);
            read++;
        }
        return read;
    }

    /// <summary>The first offset of <paramref name="partition"/> at which every earlier record has an exchange time before
    /// <paramref name="time"/>: a safe place to start reading from <paramref name="time"/>, late records included.</summary>
    /// <remarks>The end offset when no record is at or after <paramref name="time"/>; the start offset when the first one is.</remarks>
    public long FindOffset(string partition, DateTime time)
    {
        var found = Find(partition) ?? throw UnknownPartition(partition);
        var view = found.Durable;
        var ticks = time.Ticks;
        foreach (var segment in view.Segments)
        {
            foreach (var block in segment.Index.Snapshot())
            {
                if (block.FirstOffset >= view.EndOffset) return view.EndOffset;
                if (block.MaxTicks < ticks) continue;
                var cursor = new PartitionCursor(found, block.FirstOffset, ReadBufferBytes);
                while (cursor.NextOffset < block.EndOffset)
                {
                    var offset = cursor.NextOffset;
                    if (!cursor.TryRead(view, out var payload)) return view.EndOffset;
                    if (TFormat.TicksOf(payload) >= ticks) return offset;
                }
            }
        }
        return view.EndOffset;
    }

    /// <summary>Every durable record with exchange time in [<paramref name="from"/>, <paramref name="to"/>), per partition in log
    /// order, skipping the index blocks whose time range misses the window.</summary>
    /// <remarks>With <paramref name="before"/>, a partition is read only below its offset there, and not at all when it is absent.</remarks>
    public async IAsyncEnumerable<T> ReplayAsync(DateTime from, DateTime to, IReadOnlyCollection<InstrumentId>? instruments,
        IReadOnlyDictionary<string, long>? before, [EnumeratorCancellation] CancellationToken ct)
    {
        var wanted = instruments is null ? null : new HashSet<InstrumentId>(instruments);
        var records = new List<T>();
        foreach (var partition in _partitions)
        {
            if (wanted is not null && !wanted.Contains(partition.Instrument)) continue;
            var view = partition.Durable;
            var end = view.EndOffset;
            if (before is not null)
            {
                if (!before.TryGetValue(partition.Name, out var limit)) continue;
                end = Math.Min(end, limit);
            }
            var cursor = new PartitionCursor(partition, view.StartOffset, ReadBufferBytes);
            foreach (var segment in view.Segments)
            {
                foreach (var block in segment.Index.Snapshot())
                {
                    if (block.FirstOffset >= end) break;
                    if (block.MaxTicks < from.Ticks || block.MinTicks >= to.Ticks) continue;
                    ct.ThrowIfCancellationRequested();
                    ReadWindow(cursor, view, block, end, from.Ticks, to.Ticks, records);
                    foreach (var record in records) yield return record;
                    // Reads are synchronous page-cache reads; yielding per block keeps a long replay from holding a pool thread.
                    await Task.Yield();
                }
            }
        }
    }

    // Decodes only the records inside the window: most of a block that straddles its edge is skipped on the time field alone.
    private static void ReadWindow(
        PartitionCursor cursor, PartitionView view, IndexBlock block, long endOffset, long fromTicks, long toTicks, List<T> records)
    {
        records.Clear();
        cursor.Seek(block.FirstOffset);
        var end = Math.Min(block.EndOffset, endOffset);
        var instrument = cursor.Partition.Instrument;
        while (cursor.NextOffset < end && cursor.TryRead(view, out var payload))
        {
            var ticks = TFormat.TicksOf(payload);
            if (ticks >= fromTicks && ticks < toTicks) Batch.AddSlot(records) = TFormat.Decode(payload, instrument);
        }
    }

    /// <summary>Deletes, per partition, the leading segments whose records all have exchange times before <paramref name="cutoff"/>
    /// and all of which are durable; never a partition's last segment. Caller holds the write lock and the commit gate.</summary>
    public int DeleteSegmentsBefore(DateTime cutoff, UnflushedWrites unflushed)
    {
        var deleted = 0;
        foreach (var partition in _partitions)
        {
            var durable = partition.Durable;
            var count = 0;
            while (count < durable.Segments.Length - 1 && IsOlderThan(durable.Segments[count], cutoff)) count++;
            if (count == 0) continue;
            partition.RemoveFirstSegments(count);
            partition.Durable = new PartitionView([.. durable.Segments.Skip(count)], durable.EndOffset, durable.EndPosition);
            unflushed.Refresh(partition);
            for (var i = 0; i < count; i++)
            {
                var segment = durable.Segments[i];
                File.Delete(segment.Path);
                // Cursors may still be reading it; the open handle keeps the unlinked data readable until the log closes.
                _retired.Add(segment);
            }
            deleted += count;
        }
        return deleted;
    }

    public void Dispose()
    {
        foreach (var partition in _partitions)
            foreach (var segment in partition.Segments) segment.Dispose();
        foreach (var segment in _retired) segment.Dispose();
    }

    private static bool IsOlderThan(Segment segment, DateTime cutoff)
    {
        var blocks = segment.Index.Snapshot();
        return blocks.All(b => b.MaxTicks < cutoff.Ticks);
    }

    private Partition Resolve(InstrumentId instrument, UnflushedWrites unflushed)
    {
        if (_byInstrument.TryGetValue(instrument, out var partition)) return partition;
        var directory = Path.Combine(_directory, PartitionDirectory.NameOf(instrument));
        Directory.CreateDirectory(directory);
        var segment = Segment.Create(directory, 0, TFormat.StreamName, _options.RecordsPerIndexBlock);
        partition = new Partition(instrument, directory, NewKeySet(), [segment], 0);
        unflushed.Created(_directory);
        unflushed.Created(directory);
        unflushed.Wrote(segment);
        _byInstrument.Add(instrument, partition);
        _partitions = [.. _partitions, partition];
        return partition;
    }

    private AppendResult WritePartition(Partition partition, IReadOnlyList<T> records, List<int>? indices, UnflushedWrites unflushed)
    {
        var segment = partition.Active;
        var offset = partition.EndOffset;
        int used = 0, appended = 0, duplicates = 0;
        // The newest trade written, noted once at the end rather than per record. Kept as its id and ticks and compared in place:
        // building a cursor per record for TradeCursor.Latest cost the import a few percent of its CPU.
        TradeId newestId = default;
        long newestTicks = 0;
        var all = Batch.AsSpan(records);
        var count = indices?.Count ?? all.Length;
        _recent.Reserve(count);
        var firstOffset = offset;
        // The records written are kept a run at a time: the batch's runs between duplicates when it is all this partition's.
        var keptUpTo = 0;
        for (var n = 0; n < count; n++)
        {
            ref readonly var record = ref all[indices is null ? n : indices[n]];
            var key = TFormat.DeduplicationKey(record);
            if (key is { } id && !partition.TradeIds!.Add(id))
            {
                duplicates++;
                if (indices is null)
                {
                    _recent.Keep(all[keptUpTo..n]);
                    keptUpTo = n + 1;
                }
                continue;
            }
            var room = RecordFrame.HeaderSize + TFormat.MaxPayloadSize(record);
            if (used + room > _chunk.Length)
            {
                WriteOut(segment, used, unflushed);
                used = 0;
                if (room > _chunk.Length) _chunk = new byte[room];
            }
            var size = RecordFrame.HeaderSize + TFormat.Encode(record, _chunk.AsSpan(used + RecordFrame.HeaderSize));
            RecordFrame.Seal(_chunk.AsSpan(used, size));
            if (segment.Length + used + size > _options.SegmentBytes && segment.Length + used > Segment.HeaderSize)
            {
                WriteOut(segment, used, unflushed);
                _chunk.AsSpan(used, size).CopyTo(_chunk);
                used = 0;
                segment.Index.Publish();
                segment = Roll(partition, offset, unflushed);
            }
            var ticks = TFormat.TicksOf(_chunk.AsSpan(used + RecordFrame.HeaderSize, size - RecordFrame.HeaderSize));
            segment.Index.Add(offset, segment.Length + used, ticks);
            if (key is { } written && (newestId.IsEmpty || TradeOrder.Compare(new DateTime(ticks), written, new DateTime(newestTicks), newestId) > 0))
                (newestId, newestTicks) = (written, ticks);
            if (indices is not null) _recent.Keep(new ReadOnlySpan<T>(in record));
            used += size;
            offset++;
            appended++;
        }
        WriteOut(segment, used, unflushed);
        if (indices is null) _recent.Keep(all[keptUpTo..count]);
        segment.Index.Publish();
        if (!newestId.IsEmpty) partition.NoteTrade(new TradeCursor(newestId, new DateTime(newestTicks, DateTimeKind.Utc)));
        partition.EndOffset = offset;
        _recent.Publish(partition.Instrument, firstOffset);
        unflushed.Advanced(partition);
        if (partition.TradeIds is not null) LogMetrics.RecordAppend(partition.Instrument, appended, duplicates);
        return new AppendResult(appended, duplicates);
    }

    private void WriteOut(Segment segment, int used, UnflushedWrites unflushed)
    {
        if (used == 0) return;
        RandomAccess.Write(segment.Handle, _chunk.AsSpan(0, used), segment.Length);
        segment.Length += used;
        unflushed.Wrote(segment);
    }

    private Segment Roll(Partition partition, long baseOffset, UnflushedWrites unflushed)
    {
        partition.Active.Seal();
        var segment = Segment.Create(partition.Directory, baseOffset, TFormat.StreamName, _options.RecordsPerIndexBlock);
        partition.AddSegment(segment);
        unflushed.Created(partition.Directory);
        unflushed.Wrote(segment);
        return segment;
    }

    private static TradeIdSet? NewKeySet() => TFormat.IsDeduplicated ? new TradeIdSet() : null;

    private static KeyNotFoundException UnknownPartition(string partition) =>
        new($"The log has no {TFormat.StreamName} partition '{partition}'.");
}
