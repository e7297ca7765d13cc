using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>One file of a partition: a header, then record frames, the first of which has offset <see cref="BaseOffset"/>.</summary>
/// <remarks>Files are named by their base offset (20 digits, so names sort like offsets) and rolled by size, so retention deletes
/// whole files. The handle stays open for the segment's life and serves positional reads and writes from any thread.</remarks>
internal sealed class Segment : IDisposable
{
    public const int HeaderSize = 8;
    private const string Extension = ".seg";

    private long _sealedLength = -1;

    private Segment(string path, long baseOffset, SafeFileHandle handle, long length, int recordsPerBlock)
    {
        Path = path;
        BaseOffset = baseOffset;
        Handle = handle;
        Length = length;
        Index = new SegmentIndex(recordsPerBlock);
    }

    public string Path { get; }

    public long BaseOffset { get; }

    public SafeFileHandle Handle { get; }

    public SegmentIndex Index { get; }

    /// <summary>Bytes written so far; owned by the writer (under the log's write lock).</summary>
    public long Length { get; set; }

    /// <summary>The final length once the segment is no longer the one appended to; readers use it for every segment but a
    /// partition's last.</summary>
    public long SealedLength => Volatile.Read(ref _sealedLength);

    public void Seal() => Volatile.Write(ref _sealedLength, Length);

    public static string FileName(long baseOffset) => baseOffset.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    public static bool TryParseFileName(string path, out long baseOffset)
    {
        baseOffset = 0;
        var name = System.IO.Path.GetFileName(path);
        return name.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(0, name.Length - Extension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out baseOffset);
    }

    public static Segment Create(string directory, long baseOffset, string streamName, int recordsPerBlock)
    {
        var path = System.IO.Path.Combine(directory, FileName(baseOffset));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        RandomAccess.Write(handle, Header(streamName), 0);
        return new Segment(path, baseOffset, handle, HeaderSize, recordsPerBlock);
    }

    /// <summary>Opens an existing segment; a header torn by a crash (shorter than <see cref="HeaderSize"/>) is rewritten.</summary>
    public static Segment Open(string path, long baseOffset, string streamName, int recordsPerBlock, out long tornHeaderBytes)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        try
        {
            var length = RandomAccess.GetLength(handle);
            var expected = Header(streamName);
            tornHeaderBytes = 0;
            if (length < HeaderSize)
            {
                tornHeaderBytes = length;
                RandomAccess.SetLength(handle, 0);
                RandomAccess.Write(handle, expected, 0);
                RandomAccess.FlushToDisk(handle);
                length = HeaderSize;
            }
            Span<byte> header = stackalloc byte[HeaderSize];
            RandomAccess.Read(handle, header, 0);
            if (!header.SequenceEqual(expected))
                throw new InvalidDataException(
                    $"'{path}' is not a {streamName} segment of this log version (header '{Encoding.ASCII.GetString(header)}'); move it away.");
            return new Segment(path, baseOffset, handle, length, recordsPerBlock);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose() => Handle.Dispose();

    // "MALOG1" and the stream's initial: readable with `head -c 8`, and a version to change the format by.
    private static byte[] Header(string streamName) =>
        Encoding.ASCII.GetBytes($"MALOG1{char.ToUpperInvariant(streamName[0])}\n");
}
