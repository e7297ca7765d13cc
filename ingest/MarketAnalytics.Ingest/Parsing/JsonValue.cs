using System.Text.Json;

namespace MarketAnalytics.Ingest.Parsing;

/// <summary>Reads the raw UTF-8 text of the reader's current string or number token.</summary>
internal static class JsonValue
{
    /// <summary>The token's text, unescaped; strings without escapes (all that exchanges send) cost no copy.</summary>
    public static ReadOnlySpan<byte> Text(scoped ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        var unescaped = new byte[reader.ValueSpan.Length];
        return unescaped.AsSpan(0, reader.CopyString(unescaped));
    }

    /// <summary>True for tokens that carry a scalar text: strings and numbers.</summary>
    public static bool IsScalar(in Utf8JsonReader reader) => reader.TokenType is JsonTokenType.String or JsonTokenType.Number;
}
