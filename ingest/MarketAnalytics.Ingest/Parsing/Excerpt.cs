using System.Text;

namespace MarketAnalytics.Ingest.Parsing;

/// <summary>The start of a piece of input, short enough to quote in an error message.</summary>
internal static class Excerpt
{
    private const int Length = 64;

    public static string Of(ReadOnlySpan<byte> text) =>
        text.Length > Length ? Encoding.UTF8.GetString(text[..Length]) + "…" : Encoding.UTF8.GetString(text);
}
