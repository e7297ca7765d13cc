using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck.Fluent;
using MarketAnalytics.Core.Testing;

namespace MarketAnalytics.Core.Tests;

public class TradeIdTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("7", 7L)]
    [InlineData("4294967296", 4294967296L)]
    [InlineData("999999999999999999", TradeId.MaxNumber)]
    public void A_canonical_number_is_held_as_that_number(string text, long number)
    {
        foreach (var id in new[] { TradeId.Of(text), TradeId.Of(Encoding.UTF8.GetBytes(text)), TradeId.Of(number) })
        {
            Assert.True(id.TryGetNumber(out var held));
            Assert.Equal(number, held);
            Assert.Equal(text, id.ToString());
        }
    }

    [Theory]
    [InlineData("007")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1000000000000000000")]
    [InlineData(" 1")]
    [InlineData("1.0")]
    [InlineData("5f3c1a2e-0d4b-4c1e-9a7f-2b6d8e0c1f3a")]
    [InlineData("ab€")]
    public void Any_other_id_is_held_as_its_text(string text)
    {
        foreach (var id in new[] { TradeId.Of(text), TradeId.Of(Encoding.UTF8.GetBytes(text)) })
        {
            Assert.False(id.TryGetNumber(out _));
            Assert.Equal(text, id.ToString());
            Assert.False(id.IsEmpty);
        }
    }

    [Fact]
    public void Ids_are_equal_when_their_texts_are()
    {
        Assert.Equal(TradeId.Of("42"), TradeId.Of(42));
        Assert.Equal(TradeId.Of("42").GetHashCode(), TradeId.Of(42).GetHashCode());
        Assert.NotEqual(TradeId.Of("007"), TradeId.Of(7));
        Assert.NotEqual(TradeId.Of("0"), default);
        Assert.Equal(TradeId.Of(""), default);
        Assert.True(default(TradeId).IsEmpty);
        Assert.Equal("", default(TradeId).ToString());
    }

    [Fact]
    public void A_number_over_18_digits_made_from_a_long_keeps_its_digits()
    {
        var id = TradeId.Of(long.MaxValue);

        Assert.Equal("9223372036854775807", id.ToString());
        Assert.Equal(TradeId.Of("9223372036854775807"), id);
        Assert.Throws<ArgumentOutOfRangeException>(() => TradeId.Of(-1L));
    }

    [Fact]
    public void Equality_and_hash_agree_with_the_text_for_any_id()
    {
        var texts = Gen.OneOf(
            Gen.Choose(0, int.MaxValue).Select(n => n.ToString(CultureInfo.InvariantCulture)),
            Gen.Elements("0", "00", "01", "1", "10", "a", "A", "", "-0", "12345"));
        SeededProperty.Check(texts.Two(), pair =>
        {
            var (a, b) = pair;
            var (x, y) = (TradeId.Of(a), TradeId.Of(b));
            Assert.Equal(a == b, x.Equals(y));
            Assert.Equal(a == b, x == y);
            if (a == b) Assert.Equal(x.GetHashCode(), y.GetHashCode());
            Assert.Equal(a, x.ToString());
        }, tests: 300);
    }

    [Fact]
    public void Json_carries_the_id_as_a_string()
    {
        Assert.Equal("[\"42\",\"007\"]", JsonSerializer.Serialize(new[] { TradeId.Of(42), TradeId.Of("007") }));
        Assert.Equal([TradeId.Of(42), TradeId.Of("007")], JsonSerializer.Deserialize<TradeId[]>("[\"42\",\"007\"]")!);
    }
}
