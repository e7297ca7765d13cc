using System.Buffers;

namespace MarketAnalytics.Ingest.Binance;

/// <summary>Reads a combined-stream frame in the exact shape Binance sends, <c>{"stream":"NAME","data":{FLAT}}</c>, without a JSON
/// reader: no whitespace, no escapes, strings of printable ASCII, a data object whose values are strings, JSON numbers,
/// <c>true</c>, <c>false</c> or <c>null</c>.</summary>
/// <remarks>Anything else, valid JSON or not, is declined (false), and <see cref="BinanceFrameParser"/> reads the frame with
/// <see cref="System.Text.Json.Utf8JsonReader"/> instead. What this accepts is well-formed JSON that the reader would read to the
/// same fields, so the two paths cannot disagree; the tests hold them to it. It is the common case made cheap: the reader's
/// general state machine was most of a recording's import time.</remarks>
internal static class BinanceCompactFrame
{
    // Printable ASCII but the quote and the backslash: text that is the same escaped or not, and valid UTF-8.
    private static readonly SearchValues<byte> PlainText = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    // The bytes a JSON number can be made of; which orders of them are numbers is checked apart.
    private static readonly SearchValues<byte> NumberBytes = SearchValues.Create("0123456789+-.eE"u8);

    /// <summary>The stream's name and the rest of the frame after it, when the frame starts <c>{"stream":"NAME"</c>.</summary>
    public static bool TryReadStream(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> rest)
    {
        name = rest = default;
        var at = "{\"stream\":"u8.Length;
        if (!frame.StartsWith("{\"stream\":"u8) || !TryReadString(frame, ref at, out name)) return false;
        rest = frame[at..];
        return true;
    }

    /// <summary>Reads <c>,"data":{FLAT}}</c>, the rest of the frame after the stream's name, into <paramref name="payload"/>.</summary>
    public static bool TryReadData(ReadOnlySpan<byte> rest, ref BinancePayload payload)
    {
        if (!rest.StartsWith(",\"data\":{"u8)) return false;
        var at = ",\"data\":{"u8.Length;
        if (at < rest.Length && rest[at] == '}') return rest[(at + 1)..].SequenceEqual("}"u8);
        while (true)
        {
            if (!TryReadString(rest, ref at, out var key) || at >= rest.Length || rest[at++] != ':') return false;
            if (at >= rest.Length) return false;
            ReadOnlySpan<byte> text = default;
            bool? boolean = null;
            var read = rest[at] switch
            {
                (byte)'"' => TryReadString(rest, ref at, out text),
                (byte)'t' or (byte)'f' or (byte)'n' => TryReadLiteral(rest, ref at, out boolean),
                _ => TryReadNumber(rest, ref at, out text),
            };
            if (!read) return false;
            // As the JSON reader's path takes them: m only as true or false, the other letters only as a string or number.
            var letter = key.Length == 1 ? key[0] : (byte)0;
            if (letter == 'm') payload.BuyerIsMaker = boolean;
            else if (BinancePayload.IsTextField(letter)) payload.Set(letter, text);
            if (at >= rest.Length) return false;
            var next = rest[at++];
            if (next == '}') return rest[at..].SequenceEqual("}"u8);
            if (next != ',') return false;
        }
    }

    private static bool TryReadNumber(ReadOnlySpan<byte> text, scoped ref int at, out ReadOnlySpan<byte> number)
    {
        var length = text[at..].IndexOfAnyExcept(NumberBytes);
        number = length < 0 ? text[at..] : text.Slice(at, length);
        at += number.Length;
        return IsJsonNumber(number);
    }

    private static bool TryReadLiteral(ReadOnlySpan<byte> text, ref int at, out bool? value)
    {
        var rest = text[at..];
        (value, var length) = rest.StartsWith("true"u8) ? (true, 4) : rest.StartsWith("false"u8) ? (false, 5) : rest.StartsWith("null"u8) ? ((bool?)null, 4) : (null, 0);
        at += length;
        return length > 0;
    }

    private static bool TryReadString(ReadOnlySpan<byte> text, scoped ref int at, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (at >= text.Length || text[at] != '"') return false;
        var start = at + 1;
        var end = text[start..].IndexOfAnyExcept(PlainText);
        if (end < 0 || text[start + end] != '"') return false;
        value = text.Slice(start, end);
        at = start + end + 1;
        return true;
    }

    // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    private static bool IsJsonNumber(ReadOnlySpan<byte> number)
    {
        var i = 0;
        if (i < number.Length && number[i] == '-') i++;
        if (i >= number.Length || !char.IsAsciiDigit((char)number[i])) return false;
        if (number[i++] != '0') i = SkipDigits(number, i);
        if (i < number.Length && number[i] == '.')
        {
            var fraction = ++i;
            i = SkipDigits(number, i);
            if (i == fraction) return false;
        }
        if (i < number.Length && number[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < number.Length && number[i] is (byte)'+' or (byte)'-') i++;
            var exponent = i;
            i = SkipDigits(number, i);
            if (i == exponent) return false;
        }
        return i == number.Length;
    }

    private static int SkipDigits(ReadOnlySpan<byte> text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit((char)text[i])) i++;
        return i;
    }
}
