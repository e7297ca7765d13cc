namespace MarketAnalytics.Ingest.Import;

/// <summary>What an import read and wrote.</summary>
/// <remarks><see cref="Bytes"/> counts uncompressed bytes. <see cref="TradesRead"/> is every trade parsed;
/// <see cref="TradesImported"/> those the log did not already hold, <see cref="Duplicates"/> those it did.
/// <see cref="NonMarketTrades"/> (insurance-fund and similar trades) are among the trades read. <see cref="IgnoredFrames"/> are
/// well-formed lines with nothing to import (other streams and tables, control messages, headers), <see cref="SkippedLines"/>
/// lines that are not frames (a recorder's notes), <see cref="MalformedLines"/> broken lines, each reported with file and line;
/// <see cref="UnreadableFiles"/> could not be opened or decompressed to the end.</remarks>
public sealed record ImportStats(
    int Files,
    long Lines,
    long Bytes,
    long TradesRead,
    long TradesImported,
    long Duplicates,
    long NonMarketTrades,
    long Quotes,
    long IgnoredFrames,
    long SkippedLines,
    long MalformedLines,
    int UnreadableFiles,
    TimeSpan Elapsed)
{
    /// <summary>Uncompressed megabytes (10⁶ bytes) per second of elapsed time.</summary>
    public double MegabytesPerSecond => Elapsed > TimeSpan.Zero ? Bytes / 1e6 / Elapsed.TotalSeconds : 0;

    public double TradesPerSecond => Elapsed > TimeSpan.Zero ? TradesRead / Elapsed.TotalSeconds : 0;
}
