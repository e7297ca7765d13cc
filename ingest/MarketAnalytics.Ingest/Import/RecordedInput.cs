using System.IO.Compression;

namespace MarketAnalytics.Ingest.Import;

/// <summary>Opens a recorded file as the uncompressed streams it holds, telling gzip and zip by their magic bytes, not by the
/// file's extension.</summary>
internal static class RecordedInput
{
    /// <summary>One uncompressed stream and the name to report it by (<c>file.zip!entry.csv</c> for a zip entry).</summary>
    /// <param name="IsCompressed">The stream decompresses as it is read, which is worth doing ahead on another thread.</param>
    /// <param name="MayBeCutOff">A gzip stream: .NET ends a truncated one quietly, so a last line without its newline may be
    /// a partial record.</param>
    public readonly record struct Part(string Name, Stream Stream, bool IsCompressed = false, bool MayBeCutOff = false);

    /// <summary>The parts of <paramref name="path"/>: itself (plain or gzip) or each file entry of a zip archive. Each part's
    /// stream is disposed when the enumeration moves on.</summary>
    public static IEnumerable<Part> Open(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[4];
        var length = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (length >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            yield return new Part(path, gzip, IsCompressed: true, MayBeCutOff: true);
        }
        else if (length == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 3 && magic[3] == 4)
        {
            using var archive = new ZipArchive(file, ZipArchiveMode.Read);
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;
                using var content = entry.Open();
                yield return new Part($"{path}!{entry.FullName}", content, IsCompressed: true);
            }
        }
        else
        {
            yield return new Part(path, file);
        }
    }
}
