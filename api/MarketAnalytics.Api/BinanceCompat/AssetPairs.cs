namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>The base and quote assets of an external venue's instrument, read from its spelling.</summary>
/// <remarks>The table the Binance-compatible API uses for every venue but <c>internal</c> (whose markets carry their assets in
/// their settings): a symbol with one separator (<c>BTC-USD</c>, <c>ETH_BTC</c>) is split at it; otherwise it is split at the
/// first quote asset of the venue's list in <see cref="QuoteAssets"/> it ends with (Binance <c>BTCUSDT</c> = BTC/USDT and
/// <c>BTCTUSD</c> = BTC/TUSD; BitMEX <c>XBTUSD</c> = XBT/USD, <c>SOLUSDT</c> = SOL/USDT). Assets keep the venue's own codes (BitMEX's
/// <c>XBT</c>). A symbol that fits no entry (a dated future such as BitMEX <c>XBTZ21</c>) is listed without assets rather than with
/// invented ones.</remarks>
internal static class AssetPairs
{
    /// <summary>The quote assets recognised at the end of a venue's symbols, in the order they are tried (a venue not listed uses
    /// the <c>""</c> entry).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> QuoteAssets = new Dictionary<string, string[]>
    {
        ["binance"] = ["FDUSD", "USDT", "USDC", "TUSD", "BUSD", "EUR", "TRY", "BTC", "ETH", "BNB"],
        ["binanceusdm"] = ["USDT", "USDC", "BUSD"],
        ["bitmex"] = ["USDT", "USDC", "USD", "EUR", "XBT", "ETH"],
        ["kraken"] = ["USDT", "USDC", "USD", "EUR", "GBP", "XBT", "BTC", "ETH"],
        [""] = ["USDT", "USDC", "USD", "EUR", "GBP", "BTC", "ETH"],
    };

    public static (string? Base, string? Quote) Split(string venue, string symbol)
    {
        var separator = symbol.IndexOfAny(['-', '_', '/']);
        if (separator > 0 && separator < symbol.Length - 1 && symbol.IndexOfAny(['-', '_', '/'], separator + 1) < 0)
            return (symbol[..separator], symbol[(separator + 1)..]);
        if (symbol.IndexOfAny(['-', '_', '.', '/']) >= 0) return (null, null);
        foreach (var quote in QuoteAssets.GetValueOrDefault(venue) ?? QuoteAssets[""])
        {
            if (symbol.Length > quote.Length && symbol.EndsWith(quote, StringComparison.Ordinal)) return (symbol[..^quote.Length], quote);
        }
        return (null, null);
    }
}
