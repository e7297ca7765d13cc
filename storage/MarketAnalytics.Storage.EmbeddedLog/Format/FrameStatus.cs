namespace MarketAnalytics.Storage.EmbeddedLog.Format;

/// <summary>What is found at a position of a segment.</summary>
internal enum FrameStatus
{
    /// <summary>A whole record whose checksum matches.</summary>
    Complete,
    /// <summary>The bytes end before the record does (a torn tail when the file ends there).</summary>
    Incomplete,
    /// <summary>An impossible length or a checksum mismatch.</summary>
    Corrupt,
}
