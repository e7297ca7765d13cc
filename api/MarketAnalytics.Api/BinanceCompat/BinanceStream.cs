using MarketAnalytics.Api.Market;
using MarketAnalytics.Core;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>One Binance market stream of a venue: its lower-case name (<c>btcusdt@trade</c>, <c>btcusdt@kline_1m</c>,
/// <c>btcusdt@bookTicker</c>), the hub key that feeds it and the symbol its payloads carry (Binance's upper-case spelling).</summary>
internal sealed record BinanceStream(string Name, MarketKey Key, string Symbol)
{
    private const string KlinePrefix = "kline_";

    /// <summary>The stream of that name on the venue, or null for an unknown symbol, venue or stream type.</summary>
    public static async Task<BinanceStream?> FindAsync(VenueCatalog catalog, string venue, string name, CancellationToken ct)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0) return null;
        var type = name[(at + 1)..];
        if (await catalog.FindAsync(venue, name[..at], ct) is not { } symbol) return null;
        MarketKey key;
        if (type == "trade") key = new MarketKey(symbol.Instrument, MarketChannels.Trades, null);
        else if (type == "bookTicker") key = new MarketKey(symbol.Instrument, MarketChannels.Prices, null);
        else if (type.StartsWith(KlinePrefix, StringComparison.Ordinal) && CandleInterval.TryParse(type[KlinePrefix.Length..], out var interval))
            key = new MarketKey(symbol.Instrument, MarketChannels.Candles, interval.Name);
        else return null;
        return new BinanceStream($"{symbol.Symbol.ToLowerInvariant()}@{type}", key, symbol.Symbol.ToUpperInvariant());
    }
}
