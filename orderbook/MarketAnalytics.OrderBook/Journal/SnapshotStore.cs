using System.Buffers.Binary;
using System.Globalization;
using MarketAnalytics.Core.Durability;

namespace MarketAnalytics.OrderBook.Journal;

/// <summary>Snapshot files of the exchange state, each valid as of a journal sequence, written atomically (temp file, fsync,
/// rename).</summary>
/// <remarks>A file is <c>snapshot-{sequence:D20}.bin</c> holding <c>[int32 length][uint32 CRC-32C][state]</c>. Loading takes the newest
/// file whose checksum holds and falls back to older ones.</remarks>
public sealed class SnapshotStore(string directory)
{
    private const string Prefix = "snapshot-";
    private const string Suffix = ".bin";

    public void Write(long sequence, ReadOnlySpan<byte> state)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Prefix}{sequence:D20}{Suffix}");
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            Span<byte> header = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(header, state.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32C.Compute(state));
            stream.Write(header);
            stream.Write(state);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(directory);
    }

    /// <summary>The newest intact snapshot, or false when there is none.</summary>
    public bool TryLoadLatest(out long sequence, out byte[] state)
    {
        foreach (var (seq, path) in Snapshots().OrderByDescending(s => s.Sequence))
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < 8) continue;
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
            if (length != bytes.Length - 8 || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)) != Crc32C.Compute(bytes.AsSpan(8))) continue;
            sequence = seq;
            state = bytes[8..];
            return true;
        }
        sequence = 0;
        state = [];
        return false;
    }

    /// <summary>The sequences of the stored snapshots, oldest first.</summary>
    public IReadOnlyList<long> Sequences() => [.. Snapshots().Select(s => s.Sequence).Order()];

    /// <summary>Deletes the snapshots older than <paramref name="sequence"/> and leftover temporary files.</summary>
    public void DeleteOlderThan(long sequence)
    {
        foreach (var (seq, path) in Snapshots())
            if (seq < sequence) File.Delete(path);
        if (!Directory.Exists(directory)) return;
        foreach (var temporary in Directory.GetFiles(directory, $"{Prefix}*{Suffix}.tmp")) File.Delete(temporary);
    }

    private IEnumerable<(long Sequence, string Path)> Snapshots() =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, $"{Prefix}*{Suffix}")
                .Select(path => (long.Parse(Path.GetFileName(path)[Prefix.Length..^Suffix.Length], CultureInfo.InvariantCulture), path))
            : [];
}
