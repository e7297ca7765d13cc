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
}
