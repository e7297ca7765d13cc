using MarketAnalytics.Api.BinanceCompat;

namespace MarketAnalytics.Api.Tests.BinanceCompat;

public sealed class AssetPairsTests
{
    [Theory]
    [InlineData("binance", "BTCUSDT", "BTC", "USDT")]
    [InlineData("binance", "BTCTUSD", "BTC", "TUSD")]
    [InlineData("binance", "ETHBTC", "ETH", "BTC")]
    [InlineData("binance", "BTCFDUSD", "BTC", "FDUSD")]
    [InlineData("bitmex", "XBTUSD", "XBT", "USD")]
    [InlineData("bitmex", "SOLUSDT", "SOL", "USDT")]
    [InlineData("bitmex", "ETHXBT", "ETH", "XBT")]
    [InlineData("coinbase", "BTC-USD", "BTC", "USD")]
    [InlineData("kraken", "XBTEUR", "XBT", "EUR")]
    public void A_symbol_splits_at_its_venues_quote_asset_or_its_separator(string venue, string symbol, string baseAsset, string quoteAsset) =>
        Assert.Equal((baseAsset, quoteAsset), AssetPairs.Split(venue, symbol));

    [Theory]
    [InlineData("bitmex", "XBTZ21")]
    [InlineData("bitmex", "USD")]
    [InlineData("coinbase", "BTC-USD-PERP")]
    [InlineData("binance", "BTCUSDT.P")]
    public void A_symbol_no_entry_fits_has_no_assets(string venue, string symbol) =>
        Assert.Equal((null, null), AssetPairs.Split(venue, symbol));
}
