using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Ingest.Coinbase;

/// <summary>Settings of the <see cref="CoinbaseWebSocketReader"/>, bound from <c>Ingest:Venues:coinbase</c>.</summary>
/// <remarks>Symbols as Coinbase spells its products (<c>BTC-USD</c>); the feed is at the root of <c>WebSocketUrl</c>
/// (<c>wss://ws-feed.exchange.coinbase.com</c>), the trade history under <c>RestUrl</c>
/// (<c>https://api.exchange.coinbase.com</c>).</remarks>
public sealed class CoinbaseOptions : VenueOptions
{
    /// <summary>Sets Coinbase's production addresses (the default products are set only when none are configured).</summary>
    public static void Defaults(CoinbaseOptions options)
    {
        options.WebSocketUrl = new Uri("wss://ws-feed.exchange.coinbase.com");
        options.RestUrl = new Uri("https://api.exchange.coinbase.com");
    }

    public override Uri StreamUrl() => new(WebSocketUrl, "/");
}
