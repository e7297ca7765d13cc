using System.Globalization;
using System.Numerics;

namespace MarketAnalytics.Core;

/// <summary>Decimal arithmetic that refuses to round: a literal or a product <see cref="decimal"/> cannot hold exactly is
/// reported, never silently changed.</summary>
/// <remarks><see cref="decimal"/> holds 28–29 significant digits and at most 28 decimals; <c>0.010000000000000000000000000001</c>
/// (30 significant digits) or <c>1e-30</c> would come back rounded from the framework's parsers, so these methods compare the
/// parsed value with the digits that were written. Trailing zeros beyond the 28th decimal are not digits that count: <c>1.000…0</c>
/// with 40 zeros is exactly 1.</remarks>
public static class ExactDecimal
{
    private const int MaxLiteralChars = 1024;
    private const int MaxScale = 28;

    /// <summary>Parses a plain or exponent decimal literal (<c>-12.5</c>, <c>1.5e-7</c>, no spaces, no thousands separators)
    /// written as UTF-8; false when it is not a number or its value cannot be held exactly.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out decimal value)
    {
        value = 0;
        if (utf8.IsEmpty || utf8.Length > MaxLiteralChars) return false;
        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] > 0x7F) return false;
            chars[i] = (char)utf8[i];
        }
        return TryParse(chars, out value);
    }

    /// <summary>Parses a plain or exponent decimal literal; false when it is not a number or cannot be held exactly.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > MaxLiteralChars || !TryDigits(text, out var written)) return false;
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out value)) return false;
        return Digits.Of(value) == written;
    }

    /// <summary>The product <paramref name="a"/>·<paramref name="b"/> when <see cref="decimal"/> holds it exactly; false on
    /// overflow or when it would be rounded (more than 28 decimals or 29 significant digits).</summary>
    public static bool TryMultiply(decimal a, decimal b, out decimal product)
    {
        // Prices and sizes: two significands within 64 bits, a product within 96 bits and at most 28 decimals. The product of
        // the significands is then the result's, exactly as decimal's multiplication would give it, built without the general
        // path (whose result a caller reads back through the stack, stalled) and without its exception.
        var scale = a.Scale + b.Scale;
        if (scale <= MaxScale && TrySignificand64(a, out var left) && TrySignificand64(b, out var right))
        {
            var high = Math.BigMul(left, right, out var low);
            if (high <= uint.MaxValue)
            {
                product = new decimal((int)low, (int)(low >> 32), (int)high, decimal.IsNegative(a) != decimal.IsNegative(b), (byte)scale);
                return true;
            }
        }
        product = 0;
        try
        {
            product = a * b;
        }
        catch (OverflowException)
        {
            return false;
        }
        // Without rounding the scale of a product is the sum of the scales; a smaller one means digits were dropped, unless
        // only zeros were (checked exactly, off the common path).
        if (product.Scale == a.Scale + b.Scale) return true;
        return Digits.Of(product) == Digits.Of(a).Times(Digits.Of(b));
    }

    private static bool TrySignificand64(decimal value, out ulong significand)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        significand = (uint)bits[0] | (ulong)(uint)bits[1] << 32;
        return bits[2] == 0;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out Digits digits)
    {
        digits = default;
        var i = 0;
        var negative = false;
        if (text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            i++;
        }
        var significand = new System.Text.StringBuilder();
        var fractionDigits = 0;
        var seenDigit = false;
        var seenPoint = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                seenDigit = true;
                significand.Append(c);
                if (seenPoint) fractionDigits++;
            }
            else if (c == '.' && !seenPoint) seenPoint = true;
            else break;
        }
        if (!seenDigit) return false;
        var exponent = 0L;
        if (i < text.Length)
        {
            if (text[i] is not ('e' or 'E')) return false;
            i++;
            var exponentText = text[i..];
            if (!long.TryParse(exponentText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                || exponentText.IsEmpty || exponentText[^1] is < '0' or > '9') return false;
        }
        digits = Digits.Normalized(negative, BigInteger.Parse(significand.ToString(), CultureInfo.InvariantCulture), exponent - fractionDigits);
        return true;
    }

    /// <summary>A number as coefficient·10^exponent with no trailing zeros in the coefficient; zero has exponent 0 and no sign.</summary>
    private readonly record struct Digits(BigInteger Coefficient, long Exponent)
    {
        public static Digits Normalized(bool negative, BigInteger magnitude, long exponent)
        {
            if (magnitude.IsZero) return new Digits(BigInteger.Zero, 0);
            while (magnitude % 10 == 0)
            {
                magnitude /= 10;
                exponent++;
            }
            return new Digits(negative ? -magnitude : magnitude, exponent);
        }

        public static Digits Of(decimal value)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
            return Normalized(value < 0, magnitude, -value.Scale);
        }

        public Digits Times(Digits other) => Normalized(false, Coefficient * other.Coefficient, Exponent + other.Exponent);
    }
}
