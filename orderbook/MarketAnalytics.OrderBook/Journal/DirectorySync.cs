using System.Runtime.InteropServices;

namespace MarketAnalytics.OrderBook.Journal;

/// <summary>Flushes a directory's entries to disk, so a file just created or renamed in it survives a power loss.</summary>
/// <remarks>.NET cannot open a directory as a stream, so on Linux this calls open/fsync/close directly; elsewhere it does nothing.</remarks>
internal static partial class DirectorySync
{
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = Open(directory, 0);
        if (fd < 0) return;
        try
        {
            Fsync(fd);
        }
        finally
        {
            Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
