using System.Buffers.Binary;
using System.Globalization;
using MarketAnalytics.Core.Durability;

namespace MarketAnalytics.OrderBook.Journal;

/// <summary>The append-only journal of commands: segment files of checksummed records, made durable in groups (one fsync per
/// <see cref="Commit"/>).</summary>
/// <remarks>
/// A record is <c>[int32 length][uint32 CRC-32C][int64 sequence][int64 time][body]</c>, little-endian; length and CRC cover
/// sequence, time and body. Sequences are consecutive. Segments are named <c>journal-{first sequence:D20}.log</c>; a new one starts
/// at each snapshot so older ones can be deleted whole. On open, a torn or partly written record at the end of the last segment (a
/// crash during a write) is cut off; a bad record anywhere else is corruption and stops the open.
/// </remarks>
public sealed class CommandJournal : IDisposable
{
    private const int HeaderSize = 4 + 4 + 8 + 8;
    private const string Prefix = "journal-";
    private const string Suffix = ".log";

    private readonly string _directory;
    private FileStream _segment;
    private long _segmentFirst;
    private byte[] _pending = new byte[1 << 16];
    private int _pendingLength;

    private CommandJournal(string directory, FileStream segment, long segmentFirst, long lastSequence)
    {
        _directory = directory;
        _segment = segment;
        _segmentFirst = segmentFirst;
        LastSequence = lastSequence;
    }

    /// <summary>The sequence of the last record appended (committed or not); 0 when the journal is empty.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Opens the journal in <paramref name="directory"/>, hands every record after <paramref name="afterSequence"/> to
    /// <paramref name="replay"/> in order, and gets ready to append after the last one.</summary>
    public static CommandJournal Open(string directory, long afterSequence, Action<JournalRecord> replay)
    {
        Directory.CreateDirectory(directory);
        var segments = Segments(directory);
        var last = afterSequence;
        var journalEnd = 0L;
        for (var i = 0; i < segments.Count; i++)
        {
            var (first, path) = segments[i];
            var isLast = i == segments.Count - 1;
            var bytes = File.ReadAllBytes(path);
            var offset = 0;
            var expected = first;
            while (TryRead(bytes, offset, out var record, out var size))
            {
                if (record.Sequence != expected)
                    throw new InvalidDataException($"{path}: record {record.Sequence} where {expected} was expected");
                if (record.Sequence > afterSequence)
                {
                    if (record.Sequence != last + 1)
                        throw new InvalidDataException($"{path}: journal starts at {record.Sequence} but the state is at {last}");
                    replay(record);
                    last = record.Sequence;
                }
                expected++;
                offset += size;
            }
            journalEnd = expected - 1;
            if (offset == bytes.Length) continue;
            if (!isLast) throw new InvalidDataException($"{path}: bad record at byte {offset} before the last segment");
            using var truncate = new FileStream(path, FileMode.Open, FileAccess.Write);
            truncate.SetLength(offset);
            truncate.Flush(flushToDisk: true);
        }
        // With no journal, or one that ends before the snapshot, appending starts a fresh segment right after the state.
        if (segments.Count == 0 || journalEnd < afterSequence)
            return new CommandJournal(directory, CreateSegment(directory, last + 1), last + 1, last);
        var stream = new FileStream(segments[^1].Path, FileMode.Open, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        stream.Seek(0, SeekOrigin.End);
        return new CommandJournal(directory, stream, segments[^1].First, last);
    }

    /// <summary>Adds a record to the current group; nothing is durable until <see cref="Commit"/>.</summary>
    public void Append(long sequence, long time, ReadOnlySpan<byte> body)
    {
        if (sequence != LastSequence + 1) throw new ArgumentException($"Sequence {sequence} does not follow {LastSequence}", nameof(sequence));
        var size = HeaderSize + body.Length;
        if (_pendingLength + size > _pending.Length) Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + size));
        var record = _pending.AsSpan(_pendingLength, size);
        BinaryPrimitives.WriteInt32LittleEndian(record, size - 8);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(record[16..], time);
        body.CopyTo(record[HeaderSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Crc32C.Compute(record[8..]));
        _pendingLength += size;
        LastSequence = sequence;
    }

    /// <summary>Writes the group and fsyncs it: when this returns, every appended record survives a crash.</summary>
    public void Commit()
    {
        if (_pendingLength == 0) return;
        _segment.Write(_pending, 0, _pendingLength);
        _segment.Flush(flushToDisk: true);
        _pendingLength = 0;
    }

    /// <summary>Commits, then continues in a new segment whose first record will be <see cref="LastSequence"/> + 1; when the
    /// current segment is still empty (a crash right after it was started, then a restart) it already is that segment.</summary>
    public void StartSegment()
    {
        Commit();
        if (_segmentFirst == LastSequence + 1) return;
        _segment.Dispose();
        _segmentFirst = LastSequence + 1;
        _segment = CreateSegment(_directory, _segmentFirst);
    }

    /// <summary>Deletes the segments whose records all have sequences up to <paramref name="sequence"/> (covered by a snapshot).</summary>
    public void DeleteSegmentsThrough(long sequence)
    {
        var segments = Segments(_directory);
        for (var i = 0; i + 1 < segments.Count; i++)
            if (segments[i + 1].First - 1 <= sequence) File.Delete(segments[i].Path);
    }

    public void Dispose()
    {
        Commit();
        _segment.Dispose();
    }

    private static FileStream CreateSegment(string directory, long first)
    {
        var path = Path.Combine(directory, $"{Prefix}{first:D20}{Suffix}");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        DirectorySync.Flush(directory);
        return stream;
    }

    private static List<(long First, string Path)> Segments(string directory) =>
        [.. Directory.GetFiles(directory, $"{Prefix}*{Suffix}")
            .Select(path => (First: long.Parse(Path.GetFileName(path)[Prefix.Length..^Suffix.Length], CultureInfo.InvariantCulture), Path: path))
            .OrderBy(s => s.First)];

    private static bool TryRead(byte[] bytes, int offset, out JournalRecord record, out int size)
    {
        record = default;
        size = 0;
        if (bytes.Length - offset < HeaderSize) return false;
        var span = bytes.AsSpan(offset);
        var length = BinaryPrimitives.ReadInt32LittleEndian(span);
        if (length < 16 || length > bytes.Length - offset - 8) return false;
        if (BinaryPrimitives.ReadUInt32LittleEndian(span[4..]) != Crc32C.Compute(span.Slice(8, length))) return false;
        size = length + 8;
        record = new JournalRecord(
            BinaryPrimitives.ReadInt64LittleEndian(span[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(span[16..]),
            bytes.AsMemory(offset + HeaderSize, length - 16));
        return true;
    }
}
