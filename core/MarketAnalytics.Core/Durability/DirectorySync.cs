using System.ComponentModel;
using System.Runtime.InteropServices;

namespace MarketAnalytics.Core.Durability;

/// <summary>fsync of a directory, which makes the creation, rename or removal of a file or directory in it durable.</summary>
/// <remarks>.NET cannot open a directory as a file, so this calls libc. A failure throws: the entry may not survive a crash, and
/// the caller must not acknowledge what depends on it. On Windows, where NTFS journals directory entries and a directory cannot
/// be flushed this way, it does nothing.</remarks>
public static partial class DirectorySync
{
    /// <summary>Makes <paramref name="directory"/>'s entries durable.</summary>
    /// <exception cref="IOException">The directory could not be opened or its fsync failed.</exception>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(directory, 0);
        if (fd < 0) throw Failure("open", directory);
        try
        {
            if (Fsync(fd) != 0) throw Failure("fsync", directory);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static IOException Failure(string call, string directory) =>
        new($"{call} of directory '{directory}' failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
