using System.Text;
using MarketAnalytics.Core.Durability;

namespace MarketAnalytics.Core.Tests;

public sealed class Crc32CTests
{
    [Fact]
    public void The_check_value_of_the_standard_digits_is_the_published_one()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Two_parts_give_the_checksum_of_their_concatenation_at_every_split()
    {
        var data = Encoding.ASCII.GetBytes("frames are checksummed across the header and the payload without a copy");
        var whole = Crc32C.Compute(data);

        for (var split = 0; split <= data.Length; split++)
            Assert.Equal(whole, Crc32C.Compute(data.AsSpan(0, split), data.AsSpan(split)));
    }

    [Fact]
    public void Every_length_matches_the_bitwise_definition()
    {
        var data = Encoding.ASCII.GetBytes("the tail is taken in steps of four, two and one bytes after the eights");

        for (var length = 0; length <= data.Length; length++)
            Assert.Equal(Bitwise(data.AsSpan(0, length)), Crc32C.Compute(data.AsSpan(0, length)));
    }

    // CRC-32C by its definition: reflected polynomial 0x82F63B78, initial value and final inversion all ones.
    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        return ~crc;
    }
}
