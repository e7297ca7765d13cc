using System.Buffers.Text;
using System.Numerics;
using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Parsing;

/// <summary>Exact parsing of numbers written as UTF-8 text, without a detour through <see cref="double"/>.</summary>
internal static class Utf8Number
{
    private const int FastDigits = 18;

    /// <summary>Parses a whole span as a decimal, keeping its scale (<c>"63960.00"</c> stays 63960.00); exponents
    /// (<c>1.5e-7</c>) are allowed because JSON writers emit them for small floats.</summary>
    /// <remarks>A number <see cref="decimal"/> cannot hold exactly (more than 28 decimals or 29 significant digits, beyond its
    /// range) is refused, never rounded.</remarks>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value) =>
        TryParsePlainDecimal(text, out value) || ExactDecimal.TryParse(text, out value);

    /// <summary>Parses a decimal above zero (a price, a size) as <see cref="TryParseDecimal"/> does.</summary>
    public static bool TryParsePositive(ReadOnlySpan<byte> text, out decimal value) => TryParseDecimal(text, out value) && IsAboveZero(value);

    /// <summary>Why <paramref name="text"/> is not an acceptable value, for the line's error message.</summary>
    public static string Complaint(ReadOnlySpan<byte> text) =>
        !ExactDecimal.TryParse(text, out _) && Utf8Parser.TryParse(text, out decimal _, out var consumed) && consumed == text.Length
            ? "cannot be held exactly as a decimal (at most 28 decimals and 28 significant digits); it is not rounded"
            : "is not valid";

    /// <summary>A non-negative decimal, or 0 for empty text (a side of the book the venue left out).</summary>
    public static bool TryParseOptional(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        return text.IsEmpty || (TryParseDecimal(text, out value) && value >= 0);
    }

    /// <summary>The error message for a field of record <paramref name="which"/> that is missing or not acceptable.</summary>
    public static string Problem(string which, string field, ReadOnlySpan<byte> text) =>
        text.IsEmpty ? $"{which}: {field} is missing" : $"{which}: {field} '{Excerpt.Of(text)}' {Complaint(text)}";

    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;

    // Prices and quantities are nearly always up to 18 digits with at most one point: those become a 64-bit mantissa and a
    // scale directly, several times faster than the general parser, which takes everything else.
    private static bool TryParsePlainDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        var negative = !text.IsEmpty && text[0] == '-';
        if (negative) text = text[1..];
        if (text.IsEmpty || text.Length > FastDigits + 1) return false;
        ulong mantissa = 0;
        var digits = 0;
        var point = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                mantissa = mantissa * 10 + digit;
                digits++;
            }
            else if (text[i] == '.' && point < 0) point = i;
            else return false;
        }
        if (digits == 0 || digits > FastDigits || point == text.Length - 1) return false;
        var scale = point < 0 ? 0 : text.Length - point - 1;
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }

    // decimal's own comparison with zero goes through its general comparer, which took as long as parsing the number; the sign
    // and the mantissa decide it directly.
    private static bool IsAboveZero<T>(T value) where T : INumberBase<T> => T.IsPositive(value) && !T.IsZero(value);
}
