namespace MarketAnalytics.Core.Tests;

public class TradeOrderTests
{
    private static readonly DateTime Noon = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("9", "10")]
    [InlineData("99", "100")]
    [InlineData("123456789", "1234567890")]
    [InlineData("5", "6")]
    [InlineData("7", "007")]
    public void Numeric_ids_compare_as_numbers(string smaller, string larger)
    {
        Assert.True(TradeOrder.CompareIds(smaller, larger) < 0);
        Assert.True(TradeOrder.CompareIds(larger, smaller) > 0);
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-00000000000b")]
    [InlineData("A", "a")]
    [InlineData("a10", "a9")]
    [InlineData("10", "9a")]
    public void Other_ids_compare_ordinally(string smaller, string larger)
    {
        Assert.True(TradeOrder.CompareIds(smaller, larger) < 0);
        Assert.True(TradeOrder.CompareIds(larger, smaller) > 0);
    }

    [Fact]
    public void Equal_ids_compare_equal() => Assert.Equal(0, TradeOrder.CompareIds("42", "42"));

    [Fact]
    public void Time_decides_before_the_id()
    {
        Assert.True(TradeOrder.Compare(Noon, "100", Noon.AddTicks(1), "9") < 0);
        Assert.True(TradeOrder.Compare(Noon, "9", Noon, "100") < 0);
    }

    [Fact]
    public void The_order_is_transitive_over_mixed_id_shapes()
    {
        string[] ids = ["9", "10", "100", "007", "7", "5x", "9a", "A", "a", "", "ab", "00000000-0000-0000-0000-00000000000a"];

        foreach (var a in ids)
        foreach (var b in ids)
        {
            Assert.Equal(Math.Sign(TradeOrder.CompareIds(a, b)), -Math.Sign(TradeOrder.CompareIds(b, a)));
            foreach (var c in ids)
                if (TradeOrder.CompareIds(a, b) < 0 && TradeOrder.CompareIds(b, c) < 0)
                    Assert.True(TradeOrder.CompareIds(a, c) < 0, $"{a} < {b} < {c} but not {a} < {c}");
        }
    }
}
