namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>The base and quote assets of an external venue's instrument, read from its spelling.</summary>
/// <remarks>The table the Binance-compatible API uses for every venue but <c>internal</c> (whose markets carry their assets in
/// their settings): a symbol with a separator (<c>BTC-USD</c>, <c>ETH_BTC</c>) is split at it; otherwise it is split at the
/// longest quote asset of <see cref="QuoteAssets"/> it ends with (<c>BTCUSDT</c> = BTC/USDT, BitMEX <c>XBTUSD</c> = XBT/USD,
/// <c>SOLUSDT</c> = SOL/USDT). Assets keep the venue's own codes (BitMEX's <c>XBT</c>; ccxt maps it to BTC itself). A symbol that
/// fits no entry (a dated future such as BitMEX <c>XBTZ21</c>) is listed without assets rather than with invented ones.</remarks>
internal static class AssetPairs
{
    /// <summary>Quote assets recognised at the end of a symbol, longest first so <c>USDT</c> wins over <c>USD</c>.</summary>
    public static readonly IReadOnlyList<string> QuoteAssets =
        ["FDUSD", "USDT", "USDC", "BUSD", "TUSD", "USD", "EUR", "GBP", "TRY", "BTC", "XBT", "ETH", "BNB"];

    public static (string? Base, string? Quote) Split(string symbol)
    {
        var separator = symbol.IndexOfAny(['-', '_', '/']);
        if (separator > 0 && separator < symbol.Length - 1 && symbol.IndexOfAny(['-', '_', '/'], separator + 1) < 0)
            return (symbol[..separator], symbol[(separator + 1)..]);
        foreach (var quote in QuoteAssets)
        {
            if (symbol.Length > quote.Length && symbol.EndsWith(quote, StringComparison.Ordinal) && symbol.IndexOfAny(['-', '_', '.', '/']) < 0)
                return (symbol[..^quote.Length], quote);
        }
        return (null, null);
    }
}
