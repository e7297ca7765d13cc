using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace MarketAnalytics.Storage.EmbeddedLog;

/// <summary>The exclusive hold of one process on a log directory, for as long as the log is open.</summary>
/// <remarks>The file <c>lock</c> is held open with <see cref="FileShare.None"/>, which .NET enforces with an exclusive
/// <c>flock</c> on Unix and a sharing mode on Windows; both are released by the operating system when the process dies, so a
/// kill -9 leaves no stale lock. A locked file cannot be read by others either, so the holder describes itself in
/// <c>lock.owner</c>. (.NET skips the flock when DOTNET_SYSTEM_IO_DISABLEFILELOCKING is set: do not set it.)</remarks>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly string _ownerPath;

    private DataDirectoryLock(SafeFileHandle handle, string ownerPath)
    {
        _handle = handle;
        _ownerPath = ownerPath;
    }

    public static DataDirectoryLock Acquire(string directory, TimeProvider clock)
    {
        var ownerPath = Path.Combine(directory, "lock.owner");
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(Path.Combine(directory, "lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DataDirectoryInUseException(directory, DescribeHolder(ownerPath));
        }
        try
        {
            var temporary = ownerPath + ".tmp";
            File.WriteAllText(temporary, DescribeSelf(clock));
            File.Move(temporary, ownerPath, overwrite: true);
            return new DataDirectoryLock(handle, ownerPath);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        File.Delete(_ownerPath);
        _handle.Dispose();
    }

    private static string DescribeSelf(TimeProvider clock)
    {
        // The executable's name and the sortable format spare a one-shot command System.Diagnostics.Process and a custom format.
        var since = clock.GetUtcNow().UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture,
            $"process {Environment.ProcessId} ({Path.GetFileName(Environment.ProcessPath)}: {Environment.CommandLine}) since {since:s}Z");
    }

    private static string DescribeHolder(string ownerPath)
    {
        try
        {
            return File.ReadAllText(ownerPath).Trim();
        }
        catch (IOException)
        {
            return "another process or another EmbeddedLog in this process (it has not written lock.owner yet)";
        }
    }
}
