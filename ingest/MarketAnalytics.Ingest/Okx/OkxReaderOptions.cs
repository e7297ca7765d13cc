using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Ingest.Okx;

/// <summary>Settings of the <see cref="OkxWebSocketReader"/>, bound from <c>Ingest:Venues:okx</c>.</summary>
/// <remarks>Trades come from <c>{WebSocketUrl}/ws/v5/business</c> (<c>trades-all</c>: one message per trade; the public
/// <c>trades</c> channel merges the fills of one taker order into one message, which the REST history, one row per fill, could
/// not be matched with), best bid/ask from <c>{WebSocketUrl}/ws/v5/public</c> (<c>bbo-tbt</c>). Symbols are OKX instIds:
/// <c>BTC-USDT</c> (spot), <c>BTC-USDT-SWAP</c> (linear swap), <c>BTC-USDT-250627</c> (linear future).</remarks>
public sealed class OkxReaderOptions : VenueOptions
{
    /// <summary>The symbols read when configuration names none. They are not the property's initial value because the
    /// configuration binder appends configured array elements to an existing array instead of replacing it.</summary>
    public static readonly string[] DefaultSymbols = ["BTC-USDT", "ETH-USDT", "BTC-USDT-SWAP"];

    public OkxReaderOptions()
    {
        WebSocketUrl = new Uri("wss://ws.okx.com:8443");
        RestUrl = new Uri("https://www.okx.com");
        // OKX closes a connection silent for 30 s; a ping after 5 idle seconds keeps well inside that.
        HeartbeatInterval = TimeSpan.FromSeconds(5);
    }

    public override Uri StreamUrl() => new(WebSocketUrl, "/ws/v5/business");

    /// <summary>The public endpoint, where <c>bbo-tbt</c> is served.</summary>
    public Uri QuoteStreamUrl() => new(WebSocketUrl, "/ws/v5/public");

    /// <summary>These settings with another address, for the second connection.</summary>
    internal OkxReaderOptions WithUrl(Uri url) => new()
    {
        Symbols = Symbols,
        WebSocketUrl = WebSocketUrl,
        RestUrl = RestUrl,
        Url = url,
        HeartbeatInterval = HeartbeatInterval,
        StalenessTimeout = StalenessTimeout,
        ConnectTimeout = ConnectTimeout,
        ReconnectBaseDelay = ReconnectBaseDelay,
        ReconnectMaxDelay = ReconnectMaxDelay,
        CloseTimeout = CloseTimeout,
    };
}
