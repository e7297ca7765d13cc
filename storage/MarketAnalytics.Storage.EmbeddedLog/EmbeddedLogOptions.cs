namespace MarketAnalytics.Storage.EmbeddedLog;

/// <summary>Settings of the embedded log (section <c>EmbeddedLog</c>).</summary>
public sealed class EmbeddedLogOptions
{
    public const string Section = "EmbeddedLog";

    private const int MaxRecentTrades = 16 * 1024 * 1024;

    /// <summary>The size (bytes) at which a partition's segment file is closed and a new one started; retention deletes whole
    /// segments, so this is also its granularity. At least 64 KiB; default 128 MiB.</summary>
    public long SegmentBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Records per entry of the in-memory sparse index (1 to 65536; default 1024): smaller seeks and skips more finely and
    /// costs more memory (about 40 bytes per entry).</summary>
    public int RecordsPerIndexBlock { get; set; } = 1024;

    /// <summary>How many of the newest trades to keep in memory as written (0 to 16 Mi; default 131072, 14 MB once the first trade
    /// is written), so that a consumer following the log's tail, such as the aggregation during an import, copies them instead of
    /// reading them back from the files and decoding them.</summary>
    public int RecentTrades { get; set; } = 128 * 1024;

    /// <summary>The clock consumers measure their waits with.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws naming the setting that is out of range.</summary>
    public void Validate()
    {
        if (SegmentBytes < 64 * 1024)
            throw new ArgumentOutOfRangeException(nameof(SegmentBytes), SegmentBytes, $"{Section}:{nameof(SegmentBytes)} must be at least 65536.");
        if (RecordsPerIndexBlock is < 1 or > 65536)
            throw new ArgumentOutOfRangeException(
                nameof(RecordsPerIndexBlock), RecordsPerIndexBlock, $"{Section}:{nameof(RecordsPerIndexBlock)} must be between 1 and 65536.");
        if (RecentTrades is < 0 or > MaxRecentTrades)
            throw new ArgumentOutOfRangeException(
                nameof(RecentTrades), RecentTrades, $"{Section}:{nameof(RecentTrades)} must be between 0 and {MaxRecentTrades}.");
    }
}
