using System.Collections.Concurrent;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Durability;
using MarketAnalytics.Storage.EmbeddedLog.Format;

namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>Opens a partition's segments on start: scans every record, rebuilds the sparse index and the trade-id set, and cuts
/// a torn tail.</summary>
/// <remarks>A record is acknowledged only after everything before it was fsynced, so the first incomplete or corrupt frame marks
/// the end of what any producer was promised: that frame and everything after it (later segments included) is cut.</remarks>
internal static class PartitionRecovery
{
    private const int ScanBufferBytes = 1024 * 1024;

    public static Partition Load<T, TFormat>(
        InstrumentId instrument, string directory, EmbeddedLogOptions options, ConcurrentQueue<TornTail> cuts)
        where TFormat : IRecordFormat<T>
    {
        var files = new List<(long BaseOffset, string Path)>();
        foreach (var path in Directory.EnumerateFiles(directory))
            if (Segment.TryParseFileName(path, out var baseOffset)) files.Add((baseOffset, path));
        files.Sort((a, b) => a.BaseOffset.CompareTo(b.BaseOffset));

        var ids = TFormat.IsDeduplicated ? new TradeIdSet() : null;
        TradeCursor? newest = null;
        var segments = new List<Segment>();
        var name = instrument.ToString();
        var buffer = new byte[ScanBufferBytes];
        long end = -1;
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var (baseOffset, path) = files[i];
                if (end >= 0 && baseOffset != end)
                    throw new InvalidDataException(
                        $"Segment '{path}' starts at offset {baseOffset} but the segment before it ends at {end}: records are missing.");
                var segment = Segment.Open(path, baseOffset, TFormat.StreamName, options.RecordsPerIndexBlock, out var tornHeader);
                segments.Add(segment);
                if (tornHeader > 0)
                    cuts.Enqueue(new TornTail(TFormat.StreamName, name, path, 0, tornHeader, "segment header cut short"));
                var (endOffset, validLength, reason) = Scan<T, TFormat>(segment, ids, ref newest, buffer);
                segment.Index.Publish();
                end = endOffset;
                if (reason is not null)
                {
                    cuts.Enqueue(new TornTail(TFormat.StreamName, name, path, validLength, segment.Length - validLength, reason));
                    RandomAccess.SetLength(segment.Handle, validLength);
                    RandomAccess.FlushToDisk(segment.Handle);
                    segment.Length = validLength;
                }
                else if (tornHeader == 0) continue;

                for (var j = i + 1; j < files.Count; j++)
                {
                    var later = files[j].Path;
                    cuts.Enqueue(new TornTail(TFormat.StreamName, name, later, 0, new FileInfo(later).Length, "segment after a torn record"));
                    File.Delete(later);
                }
                DirectorySync.Flush(directory);
                break;
            }
            if (segments.Count == 0)
            {
                segments.Add(Segment.Create(directory, 0, TFormat.StreamName, options.RecordsPerIndexBlock));
                DirectorySync.Flush(directory);
                end = 0;
            }
            for (var i = 0; i < segments.Count - 1; i++) segments[i].Seal();
            var partition = new Partition(instrument, directory, ids, segments, end);
            if (newest is { } trade) partition.NoteTrade(trade);
            return partition;
        }
        catch
        {
            foreach (var segment in segments) segment.Dispose();
            throw;
        }
    }

    /// <returns>The offset after the last valid record, the byte length the valid records end at, and why the rest is invalid
    /// (null when the whole file is valid).</returns>
    private static (long EndOffset, long ValidLength, string? Reason) Scan<T, TFormat>(
        Segment segment, TradeIdSet? ids, ref TradeCursor? newest, byte[] buffer)
        where TFormat : IRecordFormat<T>
    {
        long position = Segment.HeaderSize;
        var offset = segment.BaseOffset;
        var length = segment.Length;
        while (position < length)
        {
            var count = ReadFully(segment, buffer, position, (int)Math.Min(buffer.Length, length - position));
            var atEndOfFile = position + count >= length;
            var data = buffer.AsSpan(0, count);
            var at = 0;
            while (at < count)
            {
                var status = RecordFrame.Check(data[at..], out var size);
                if (status == FrameStatus.Corrupt)
                    return (offset, position + at, "record length or checksum mismatch");
                if (status == FrameStatus.Incomplete)
                {
                    if (atEndOfFile) return (offset, position + at, "record cut short by the end of the file");
                    break;
                }
                var payload = data.Slice(at + RecordFrame.HeaderSize, size - RecordFrame.HeaderSize);
                var ticks = TFormat.TicksOf(payload);
                segment.Index.Add(offset, position + at, ticks);
                if (ids is not null)
                {
                    var key = TFormat.DeduplicationKeyOf(payload)!.Value;
                    ids.Add(key);
                    newest = TradeCursor.Latest(newest, new TradeCursor(key, new DateTime(ticks, DateTimeKind.Utc)));
                }
                offset++;
                at += size;
            }
            position += at;
        }
        return (offset, position, null);
    }

    private static int ReadFully(Segment segment, byte[] buffer, long position, int count)
    {
        var read = 0;
        while (read < count)
        {
            var n = RandomAccess.Read(segment.Handle, buffer.AsSpan(read, count - read), position + read);
            if (n == 0) break;
            read += n;
        }
        return read;
    }
}
