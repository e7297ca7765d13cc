using FsCheck;
using FsCheck.Fluent;
using MarketAnalytics.Core.Durability;
using MarketAnalytics.Core.Testing;

namespace MarketAnalytics.Core.Tests.Durability;

public class FieldCodecTests
{
    [Theory]
    [InlineData("1.50", new byte[] { 2, 1, 150 })]
    [InlineData("-0.001", new byte[] { 0x83, 1, 1 })]
    [InlineData("0", new byte[] { 0, 0 })]
    [InlineData("60123.4", new byte[] { 1, 3, 0x92, 0x2C, 0x09 })]
    [InlineData("79228162514264337593543950335", new byte[] { 0, 12, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 })]
    public void The_embedded_logs_layout_is_the_one_already_on_disk(string text, byte[] expected)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var buffer = new byte[FieldCodec.DecimalScratch];

        var written = FieldCodec.WriteDecimal(buffer, value);

        Assert.Equal(expected, buffer[..written]);
    }

    [Fact]
    public void Every_decimal_reads_back_with_its_scale_and_sign_in_both_layouts() =>
        SeededProperty.Check(AnyDecimal(), value =>
        {
            var buffer = new byte[FieldCodec.DecimalScratch + 2];
            var written = FieldCodec.WriteDecimal(buffer, value);
            var at = 0;
            var read = FieldCodec.ReadDecimal(buffer, ref at);
            Assert.Equal(written, at);
            Assert.Equal(decimal.GetBits(value), decimal.GetBits(read));

            var varint = new byte[FieldCodec.MaxVarintDecimal];
            written = FieldCodec.WriteVarintDecimal(varint, value);
            at = 0;
            read = FieldCodec.ReadVarintDecimal(varint, ref at);
            Assert.Equal(written, at);
            Assert.Equal(decimal.GetBits(value), decimal.GetBits(read));
        }, tests: 2000);

    // Mantissas of every length, 0 to 12 bytes, with any scale and sign (negative zero included).
    private static Gen<decimal> AnyDecimal() =>
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        from mid in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from hi in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(int.MinValue, int.MaxValue)))
        from zero in Gen.Frequency((20, Gen.Constant(false)), (1, Gen.Constant(true)))
        from negative in Gen.Elements(false, true)
        from scale in Gen.Choose(0, 28)
        select zero ? new decimal(0, 0, 0, negative, (byte)scale) : new decimal(lo, mid, hi, negative, (byte)scale);
}
