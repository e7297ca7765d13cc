using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Serialization;

namespace MarketAnalytics.Core;

/// <summary>A trade's id, exactly as its venue spells it.</summary>
/// <remarks>A canonical decimal number of at most 18 digits (no sign, no leading zero: the ids of Binance, Coinbase, Kraken, OKX
/// and the internal exchange) is held as that number, so reading, deduplicating, logging and ordering it allocates nothing;
/// any other id (BitMEX's UUIDs, "007") is held as its text. Either way it prints back to exactly the text it was made from,
/// and two ids are equal when their texts are. <c>default</c> is the empty id, which no trade has. Ids order as
/// <see cref="TradeOrder.CompareIds"/> orders them; JSON carries an id as a string.</remarks>
[JsonConverter(typeof(TradeIdJsonConverter))]
public readonly struct TradeId : IEquatable<TradeId>, IComparable<TradeId>
{
    /// <summary>The largest id held as a number: 18 digits.</summary>
    public const long MaxNumber = 999_999_999_999_999_999;

    // The number plus one when the id is a number (so that default is empty), else 0.
    private readonly long _numberPlusOne;
    private readonly string? _text;

    private TradeId(long numberPlusOne, string? text)
    {
        _numberPlusOne = numberPlusOne;
        _text = text;
    }

    /// <summary>The id that prints as <paramref name="number"/>.</summary>
    public static TradeId Of(long number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        return number <= MaxNumber ? new TradeId(number + 1, null) : new TradeId(0, number.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The id spelled <paramref name="text"/>.</summary>
    public static TradeId Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseNumber(text.AsSpan(), out var number) ? new TradeId(number + 1, null) : new TradeId(0, text);
    }

    /// <summary>The id spelled by the UTF-8 bytes <paramref name="utf8"/>; a number is read without allocating.</summary>
    public static TradeId Of(ReadOnlySpan<byte> utf8) =>
        TryParseNumber(utf8, out var number) ? new TradeId(number + 1, null) : new TradeId(0, Encoding.UTF8.GetString(utf8));

    public static implicit operator TradeId(string text) => Of(text);

    /// <summary>True for <c>default</c> and the empty text.</summary>
    public bool IsEmpty => _numberPlusOne == 0 && string.IsNullOrEmpty(_text);

    /// <summary>True, with the number, when the id is a canonical number of at most 18 digits.</summary>
    public bool TryGetNumber(out long number)
    {
        number = _numberPlusOne - 1;
        return _numberPlusOne != 0;
    }

    public override string ToString() =>
        _numberPlusOne == 0 ? _text ?? "" : (_numberPlusOne - 1).ToString(CultureInfo.InvariantCulture);

    public bool Equals(TradeId other) =>
        _numberPlusOne == other._numberPlusOne && (_numberPlusOne != 0 || string.Equals(_text ?? "", other._text ?? "", StringComparison.Ordinal));

    public override bool Equals(object? obj) => obj is TradeId other && Equals(other);

    public override int GetHashCode() => _numberPlusOne != 0 ? _numberPlusOne.GetHashCode() : StringComparer.Ordinal.GetHashCode(_text ?? "");

    public int CompareTo(TradeId other) => TradeOrder.CompareIds(this, other);

    public static bool operator ==(TradeId left, TradeId right) => left.Equals(right);

    public static bool operator !=(TradeId left, TradeId right) => !left.Equals(right);

    // Only canonical numbers take the number form, so "007" and "7" stay different ids. Text is UTF-16 or UTF-8.
    private static bool TryParseNumber<TChar>(ReadOnlySpan<TChar> text, out long number) where TChar : unmanaged, IBinaryInteger<TChar>
    {
        number = 0;
        if (text.Length is 0 or > 18 || (int.CreateTruncating(text[0]) == '0' && text.Length > 1)) return false;
        foreach (var c in text)
        {
            var digit = (uint)(int.CreateTruncating(c) - '0');
            if (digit > 9) return false;
            number = number * 10 + digit;
        }
        return true;
    }
}
