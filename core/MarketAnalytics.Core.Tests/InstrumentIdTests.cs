namespace MarketAnalytics.Core.Tests;

public class InstrumentIdTests
{
    [Theory]
    [InlineData("bitmex:XBTUSD", "bitmex", "XBTUSD")]
    [InlineData("BitMEX:xbtusd", "bitmex", "XBTUSD")]
    [InlineData("binance:btc-usdt", "binance", "BTC-USDT")]
    [InlineData("binanceusdm:BTCUSDT_PERP", "binanceusdm", "BTCUSDT_PERP")]
    [InlineData("kraken:xbt.usd", "kraken", "XBT.USD")]
    [InlineData("kraken:btc/usd", "kraken", "BTC/USD")]
    [InlineData("coinbase:BTC-USD", "coinbase", "BTC-USD")]
    public void Parse_normalises_venue_to_lower_and_symbol_to_upper_case(string text, string venue, string symbol)
    {
        var id = InstrumentId.Parse(text);

        Assert.Equal(venue, id.Venue);
        Assert.Equal(symbol, id.Symbol);
        Assert.Equal($"{venue}:{symbol}", id.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bitmex")]
    [InlineData(":XBTUSD")]
    [InlineData("bitmex:")]
    [InlineData("bitmex:XBT:USD")]
    [InlineData("bitmex:XBT USD")]
    [InlineData("bit/mex:XBTUSD")]
    [InlineData("kraken:/USD")]
    [InlineData("kraken:BTC/")]
    [InlineData("bitmex:XBTUSD\n")]
    [InlineData("bitmex:ÄBC")]
    public void Malformed_ids_are_rejected(string? text)
    {
        Assert.False(InstrumentId.TryParse(text, out var id));
        Assert.Equal(default, id);
        if (text is not null) Assert.Throws<FormatException>(() => InstrumentId.Parse(text));
    }

    [Fact]
    public void A_symbol_longer_than_64_characters_is_rejected()
    {
        Assert.True(InstrumentId.TryParse("binance:" + new string('A', 64), out _));
        Assert.False(InstrumentId.TryParse("binance:" + new string('A', 65), out _));
    }

    [Fact]
    public void Ids_differing_only_in_case_parse_to_the_same_id()
    {
        Assert.Equal(InstrumentId.Parse("BINANCE:btcusdt"), InstrumentId.Parse("binance:BTCUSDT"));
        Assert.Equal(InstrumentId.Of("Binance", "btcUSDT"), InstrumentId.Parse("binance:BTCUSDT"));
    }

    [Fact]
    public void Ids_order_by_venue_then_symbol_ordinally()
    {
        var ids = new[] { "kraken:XBTUSD", "binance:ETHUSDT", "binance:BTCUSDT", "bitmex:XBTUSD" }.Select(InstrumentId.Parse).ToList();

        ids.Sort();

        Assert.Equal(["binance:BTCUSDT", "binance:ETHUSDT", "bitmex:XBTUSD", "kraken:XBTUSD"], ids.Select(i => i.ToString()));
    }
}
