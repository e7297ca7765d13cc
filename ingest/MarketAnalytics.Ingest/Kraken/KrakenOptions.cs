using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Ingest.Kraken;

/// <summary>Settings of the <see cref="KrakenWebSocketReader"/>, bound from <c>Ingest:Venues:kraken</c>.</summary>
/// <remarks>Symbols spelled the WebSocket v2 way (<c>BTC/USD</c>, not <c>XBT/USD</c>); the reader connects to
/// <c>WebSocketUrl</c> + <c>/v2</c> (<c>wss://ws.kraken.com/v2</c>) and reads history from <c>RestUrl</c>
/// (<c>https://api.kraken.com</c>).</remarks>
public sealed class KrakenOptions : VenueOptions
{
    /// <summary>Sets Kraken's production addresses (the default pairs are set only when none are configured).</summary>
    public static void Defaults(KrakenOptions options)
    {
        options.WebSocketUrl = new Uri("wss://ws.kraken.com");
        options.RestUrl = new Uri("https://api.kraken.com");
    }

    public override Uri StreamUrl() => new(WebSocketUrl, "/v2");
}
