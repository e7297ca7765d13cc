using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace MarketAnalytics.Core;

/// <summary>An instrument on a venue, written <c>venue:SYMBOL</c> (venue ids as ccxt spells them, e.g. <c>bitmex:XBTUSD</c>).</summary>
/// <remarks>The venue is lower case and the symbol upper case; parsing normalises both, so ids compare ordinally. The records of
/// one source or file share their id's strings, so equality looks at the references before the characters: the ingest path
/// compares a batch's ids record by record.</remarks>
public readonly record struct InstrumentId(string Venue, string Symbol) : IComparable<InstrumentId>
{
    // The same strings, the common case, is checked inline; the characters in a call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(InstrumentId other) =>
        (ReferenceEquals(Venue, other.Venue) && ReferenceEquals(Symbol, other.Symbol)) || SameText(other);

    private bool SameText(InstrumentId other) => string.Equals(Venue, other.Venue) && string.Equals(Symbol, other.Symbol);

    public override int GetHashCode() => HashCode.Combine(Venue, Symbol);

    public override string ToString() => $"{Venue}:{Symbol}";

    public int CompareTo(InstrumentId other)
    {
        var venue = string.CompareOrdinal(Venue, other.Venue);
        return venue != 0 ? venue : string.CompareOrdinal(Symbol, other.Symbol);
    }

    /// <summary>Builds an id from a venue and a symbol, normalising their case.</summary>
    public static InstrumentId Of(string venue, string symbol) =>
        new(venue.ToLowerInvariant(), symbol.ToUpperInvariant());

    /// <summary>Parses <c>venue:SYMBOL</c>; both parts must be non-empty and made of letters, digits, <c>-</c>, <c>_</c> or <c>.</c>,
    /// the symbol also of <c>/</c> (Kraken's <c>BTC/USD</c>).</summary>
    public static bool TryParse(string? text, out InstrumentId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text)) return false;
        var colon = text.IndexOf(':');
        if (colon <= 0 || colon == text.Length - 1 || text.IndexOf(':', colon + 1) >= 0) return false;
        var venue = text[..colon];
        var symbol = text[(colon + 1)..];
        if (!IsToken(venue) || !IsSymbol(symbol)) return false;
        id = Of(venue, symbol);
        return true;
    }

    public static InstrumentId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an instrument id of the form venue:SYMBOL");

    /// <summary>True when <paramref name="text"/> can stand as a venue (or as a symbol without a slash): 1 to 64 letters,
    /// digits, <c>-</c>, <c>_</c> or <c>.</c>.</summary>
    public static bool IsToken([NotNullWhen(true)] string? text) => IsMadeOf(text, allowSlash: false);

    /// <summary>True when <paramref name="text"/> can stand as a symbol: what <see cref="IsToken"/> allows, and <c>/</c> between
    /// other characters, as Kraken spells its pairs (<c>BTC/USD</c>).</summary>
    public static bool IsSymbol([NotNullWhen(true)] string? text) =>
        IsMadeOf(text, allowSlash: true) && text[0] != '/' && text[^1] != '/';

    private static bool IsMadeOf([NotNullWhen(true)] string? text, bool allowSlash)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 64) return false;
        foreach (var c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' || (allowSlash && c == '/'))) return false;
        return true;
    }
}
