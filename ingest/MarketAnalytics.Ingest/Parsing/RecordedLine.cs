using System.Buffers;

namespace MarketAnalytics.Ingest.Parsing;

/// <summary>The layout of a recorded WebSocket session: one frame per line, optionally prefixed by its receive time and
/// <c>": "</c>, between note lines of the recorder (<c>wss://… &lt;- …</c>, <c>wss://… &lt;-&gt; …</c>).</summary>
/// <remarks>The receive time is the recorder's clock, epoch seconds with a fraction (<c>1626993367.865: </c>) or ISO-8601
/// (<c>2021-07-22T22:36:07.865Z: </c>); it is recognised and dropped, never used as a trade's time. Every venue's
/// <c>ParseLine</c> goes through here.</remarks>
internal static class RecordedLine
{
    // A set rather than a literal span: IndexOfAnyExcept over a literal of eleven bytes compares byte by byte, and recordings
    // check this on every line.
    private static readonly SearchValues<byte> EpochSecondsBytes = SearchValues.Create("0123456789."u8);

    /// <summary>Whether <paramref name="time"/> is made of digits and dots only, as a receive time in epoch seconds is.</summary>
    public static bool IsEpochSeconds(ReadOnlySpan<byte> time) => time.IndexOfAnyExcept(EpochSecondsBytes) < 0;

    /// <summary>The frame of <paramref name="line"/>: true with <paramref name="frame"/> set when the line is a JSON object or
    /// array, optionally behind a receive time; false with <paramref name="outcome"/> <see cref="LineParseResult.NotAFrame"/>
    /// for a note line, or malformed for a receive time followed by something other than JSON.</summary>
    public static bool TryGetFrame(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> frame, out LineParseResult outcome) =>
        TryGetFrame(line, default, out frame, out outcome);

    /// <summary>As <see cref="TryGetFrame(ReadOnlySpan{byte}, out ReadOnlySpan{byte}, out LineParseResult)"/>, also taking the
    /// venue's plain-text heartbeat (OKX's <c>pong</c>) as a frame.</summary>
    public static bool TryGetFrame(ReadOnlySpan<byte> line, ReadOnlySpan<byte> textHeartbeat, out ReadOnlySpan<byte> frame, out LineParseResult outcome)
    {
        frame = line;
        outcome = default;
        var prefixed = TryStripReceiveTime(ref frame);
        if (!frame.IsEmpty && (frame[0] is (byte)'{' or (byte)'[' || (!textHeartbeat.IsEmpty && frame.SequenceEqual(textHeartbeat))))
            return true;
        outcome = prefixed ? LineParseResult.Malformed($"the frame after the receive time is not JSON: '{Excerpt.Of(frame)}'") : LineParseResult.NotAFrame;
        return false;
    }

    /// <summary>Drops a leading <c>&lt;receive time&gt;: </c>; false, leaving <paramref name="line"/> as it was, when there is none.</summary>
    public static bool TryStripReceiveTime(ref ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || !char.IsAsciiDigit((char)line[0])) return false;
        var colon = line.IndexOf(": "u8);
        if (colon <= 0) return false;
        var time = line[..colon];
        if (!IsEpochSeconds(time) && !ExchangeTime.TryParseIso(time, out _)) return false;
        line = line[(colon + 2)..];
        return true;
    }
}
