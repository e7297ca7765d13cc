namespace MarketAnalytics.Storage.EmbeddedLog;

/// <summary>Thrown when a log directory is already open, in another process or in this one.</summary>
/// <remarks>Nothing in the directory is read or changed before the lock is taken, so a refused open never harms the holder's data.</remarks>
public sealed class DataDirectoryInUseException(string directory, string holder)
    : IOException($"The log directory '{directory}' is in use by {holder}. Stop that process, or give this one another data directory.")
{
    public string Directory { get; } = directory;

    /// <summary>Who holds the directory, as the holder wrote it: process id, name, command line and since when (UTC).</summary>
    public string Holder { get; } = holder;
}
