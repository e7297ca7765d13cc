namespace MarketAnalytics.Storage.EmbeddedLog;

/// <summary>Settings of the embedded log (section <c>EmbeddedLog</c>).</summary>
public sealed class EmbeddedLogOptions
{
    public const string Section = "EmbeddedLog";

    /// <summary>The size (bytes) at which a partition's segment file is closed and a new one started; retention deletes whole
    /// segments, so this is also its granularity. At least 64 KiB; default 128 MiB.</summary>
    public long SegmentBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Records per entry of the in-memory sparse index (1 to 65536; default 1024): smaller seeks and skips more finely and
    /// costs more memory (about 40 bytes per entry).</summary>
    public int RecordsPerIndexBlock { get; set; } = 1024;

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
    }
}
