namespace MarketAnalytics.Ingest.Parsing;

/// <summary>What a parser made of one line or frame of recorded or live market data.</summary>
public enum LineOutcome : byte
{
    /// <summary>Trades or quotes were added to the caller's lists (possibly none, e.g. an empty insert).</summary>
    Records,

    /// <summary>A well-formed frame or line that carries nothing to import: another stream or table, a header, a control message.</summary>
    Ignored,

    /// <summary>A line that is not a frame at all, such as a recorder's note about the connection; skipped without complaint.</summary>
    NotAFrame,

    /// <summary>A line that should have been a frame but is broken; nothing of it was added, and the error says why.</summary>
    Malformed,
}
