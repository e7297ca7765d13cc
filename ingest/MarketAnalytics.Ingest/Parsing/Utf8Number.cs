using System.Buffers.Text;

namespace MarketAnalytics.Ingest.Parsing;

/// <summary>Exact parsing of numbers written as UTF-8 text, without a detour through <see cref="double"/>.</summary>
internal static class Utf8Number
{
    /// <summary>Parses a whole span as a decimal; exponents (<c>1.5e-7</c>) are allowed because JSON writers emit them for
    /// small floats.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;

    public static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
}
