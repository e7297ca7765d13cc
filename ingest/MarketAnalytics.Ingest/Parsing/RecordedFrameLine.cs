namespace MarketAnalytics.Ingest.Parsing;

/// <summary>Splits a line of a recorded WebSocket session, <c>&lt;receive time&gt;: &lt;frame&gt;</c>, into its frame.</summary>
/// <remarks>The receive time is epoch seconds with an optional fraction (<c>1712345678.123456</c>) or ISO-8601
/// (<c>2024-04-05T12:34:56.789Z</c>); it is the recorder's clock and is never used as a trade's time. A line without the prefix
/// is taken as the frame itself.</remarks>
internal static class RecordedFrameLine
{
    /// <summary>Removes the receive-time prefix; true when the line had one.</summary>
    public static bool TryStripReceiveTime(ref ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || !char.IsAsciiDigit((char)line[0])) return false;
        var colon = line.IndexOf(": "u8);
        if (colon <= 0) return false;
        var time = line[..colon];
        var isEpoch = time.IndexOfAnyExcept("0123456789."u8) < 0;
        if (!isEpoch && !ExchangeTime.TryParseIso(time, out _)) return false;
        line = line[(colon + 2)..];
        return true;
    }

    /// <summary>The frame of a recorded line, or the outcome for a line that has none: a recorder's note
    /// (<c>wss://… &lt;- …</c>, <c>wss://… &lt;-&gt; …</c>) is <see cref="LineOutcome.NotAFrame"/>; a prefixed line whose rest is
    /// neither JSON nor the venue's text heartbeat is malformed.</summary>
    public static bool TryGetFrame(ReadOnlySpan<byte> line, ReadOnlySpan<byte> textHeartbeat, out ReadOnlySpan<byte> frame, out LineParseResult outcome)
    {
        frame = line;
        var prefixed = TryStripReceiveTime(ref frame);
        if (!frame.IsEmpty && (frame[0] == '{' || (!textHeartbeat.IsEmpty && frame.SequenceEqual(textHeartbeat))))
        {
            outcome = default;
            return true;
        }
        outcome = prefixed ? LineParseResult.Malformed($"the frame after the receive time is not JSON: '{Excerpt.Of(frame)}'") : LineParseResult.NotAFrame;
        return false;
    }
}
