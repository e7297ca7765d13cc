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

    /// <summary>Moves to the property's value and returns its text, or empty for null; an object or array is skipped and read as
    /// empty, which the caller reports as missing.</summary>
    public static ReadOnlySpan<byte> ReadScalar(scoped ref Utf8JsonReader reader)
    {
        reader.Read();
        if (IsScalar(reader)) return Text(ref reader);
        reader.Skip();
        return default;
    }

    /// <summary>Moves to the property's value and returns it as a string, or null when it is not a string or number.</summary>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (IsScalar(reader)) return System.Text.Encoding.UTF8.GetString(Text(ref reader));
        reader.Skip();
        return null;
    }

    /// <summary>Moves to the property's value, an order book side <c>[[price, size, …], …]</c>, and returns the first level's price
    /// and size (both empty for an empty side), leaving the reader at the side's end; else why the side is broken.</summary>
    public static string? ReadFirstLevel(scoped ref Utf8JsonReader reader, string side, out ReadOnlySpan<byte> price, out ReadOnlySpan<byte> size)
    {
        price = default;
        size = default;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray) return $"{side} is not an array";
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray) return null;
        if (reader.TokenType != JsonTokenType.StartArray) return $"{side}[0] is not an array";
        reader.Read();
        if (IsScalar(reader)) price = Text(ref reader);
        reader.Read();
        if (IsScalar(reader)) size = Text(ref reader);
        if (price.IsEmpty || size.IsEmpty) return $"{side}[0] has no price and size";
        // The level's other fields (OKX: deprecated 0 and order count), then the deeper levels, are not needed.
        while (reader.TokenType != JsonTokenType.EndArray) reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) reader.Skip();
        return null;
    }
}
