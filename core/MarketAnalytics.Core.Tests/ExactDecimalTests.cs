using System.Numerics;
using System.Text;
using FsCheck.Fluent;
using MarketAnalytics.Core.Testing;

namespace MarketAnalytics.Core.Tests;

public sealed class ExactDecimalTests
{
    [Theory]
    [InlineData("0.01", "0.01")]
    [InlineData("-12.50", "-12.50")]
    [InlineData("1.5e-7", "0.00000015")]
    [InlineData("1E+3", "1000")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")]
    [InlineData("1.0000000000000000000000000000000000000000", "1")]
    [InlineData("-0", "0")]
    public void Literals_decimal_holds_exactly_are_read_as_written(string text, string expected)
    {
        Assert.True(ExactDecimal.TryParse(text, out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.True(ExactDecimal.TryParse(Encoding.UTF8.GetBytes(text), out var fromUtf8));
        Assert.Equal(value, fromUtf8);
    }

    [Theory]
    [InlineData("0.010000000000000000000000000001")]
    [InlineData("100.000000000000000000000000001")]
    [InlineData("123456789.123456789123456789123456789")]
    [InlineData("0.00000000000000000000000000001")]
    [InlineData("1e-30")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("1e29")]
    [InlineData("1e400")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1.2.3")]
    [InlineData("")]
    [InlineData("1e")]
    [InlineData(" 1")]
    public void Literals_decimal_would_round_or_cannot_read_are_refused(string text)
    {
        Assert.False(ExactDecimal.TryParse(text, out _));
        Assert.False(ExactDecimal.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Any_decimal_written_out_reads_back_exactly()
    {
        var decimals = Gen.Choose(0, 28).SelectMany(scale => ArbMap.Default.GeneratorFor<long>().Select(m => new decimal(
            (int)m, (int)(m >> 32), (int)(m >> 17), m < 0, (byte)scale)));
        SeededProperty.Check(decimals, d =>
        {
            var text = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(ExactDecimal.TryParse(text, out var back), text);
            Assert.Equal(d, back);
        }, tests: 1000);
    }

    [Theory]
    [InlineData("50000.25", "0.001", "50.00025")]
    [InlineData("0.00000000000001", "0.00000000000001", "0.0000000000000000000000000001")]
    [InlineData("2.50", "4.0", "10")]
    public void Products_decimal_holds_exactly_are_given(string a, string b, string expected)
    {
        Assert.True(ExactDecimal.TryMultiply(decimal.Parse(a), decimal.Parse(b), out var product));
        Assert.Equal(decimal.Parse(expected), product);
    }

    [Fact]
    public void A_product_is_decimals_own_wherever_that_is_exact_scale_and_sign_included()
    {
        // Significands of every width up to 96 bits, scales 0 to 28, both signs, zeros: the fast path for small significands
        // and the general one must agree with decimal's multiplication, and refuse only what it would round or overflow.
        var widths = Gen.Choose(0, 96);
        var parts = Gen.Choose(int.MinValue, int.MaxValue);
        var numbers =
            from width in widths
            from lo in parts
            from mid in parts
            from hi in parts
            from scale in Gen.Choose(0, 28)
            from negative in Gen.Elements(false, true)
            select Truncated(lo, mid, hi, width, negative, (byte)scale);
        SeededProperty.Check(numbers.SelectMany(a => numbers.Select(b => (a, b))), pair =>
        {
            var (a, b) = pair;
            decimal? expected = null;
            try
            {
                var rounded = a * b;
                if (rounded.Scale == Math.Min(a.Scale + b.Scale, 28) && a.Scale + b.Scale <= 28) expected = rounded;
            }
            catch (OverflowException)
            {
            }
            var exact = ExactDecimal.TryMultiply(a, b, out var product);
            // Whatever is given is the exact product: significand·10^-scale of the two, multiplied as big integers.
            if (exact) Assert.Equal(Significand(a) * Significand(b) * BigInteger.Pow(10, product.Scale), Significand(product) * BigInteger.Pow(10, a.Scale + b.Scale));
            if (expected is { } value)
            {
                Assert.True(exact, $"{a} * {b}");
                Assert.Equal(value, product);
                Assert.Equal(value.Scale, product.Scale);
                Assert.Equal(decimal.IsNegative(value), decimal.IsNegative(product));
            }
        }, tests: 5000);

        static BigInteger Significand(decimal d)
        {
            var bits = decimal.GetBits(d);
            var magnitude = new BigInteger((uint)bits[0]) | new BigInteger((uint)bits[1]) << 32 | new BigInteger((uint)bits[2]) << 64;
            return d < 0 ? -magnitude : magnitude;
        }

        static decimal Truncated(int lo, int mid, int hi, int width, bool negative, byte scale)
        {
            var mask = width == 0 ? UInt128.Zero : (UInt128.One << width) - 1;
            var bits = ((UInt128)(uint)hi << 64 | (UInt128)(uint)mid << 32 | (uint)lo) & mask;
            return new decimal((int)(uint)bits, (int)(uint)(bits >> 32), (int)(uint)(bits >> 64), negative, scale);
        }
    }

    [Theory]
    [InlineData("0.000000000000001", "0.00000000000001")]
    [InlineData("79228162514264337593543950335", "2")]
    [InlineData("1234567890.123456789", "9876543210.987654321")]
    public void Products_that_would_round_or_overflow_are_refused(string a, string b) =>
        Assert.False(ExactDecimal.TryMultiply(decimal.Parse(a), decimal.Parse(b), out _));
}
