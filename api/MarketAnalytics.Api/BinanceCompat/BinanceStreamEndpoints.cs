namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>Binance's WebSocket market streams of a venue: raw at <c>/venues/{venue}/ws/&lt;stream&gt;</c> (several joined by
/// <c>/</c>), combined at <c>/venues/{venue}/stream?streams=a/b</c>; see <see cref="BinanceWebSocketSession"/>.</summary>
internal static class BinanceStreamEndpoints
{
    private const string Streams =
        "Streams: <symbol>@trade, <symbol>@kline_<interval> (1m..1d), <symbol>@bookTicker, the symbol in lower case; messages " +
        "{\"method\":\"SUBSCRIBE\"|\"UNSUBSCRIBE\"|\"LIST_SUBSCRIPTIONS\",\"params\":[…],\"id\":1} are answered {\"result\":…,\"id\":1}";

    public static IEndpointRouteBuilder MapBinanceStreamEndpoints(this IEndpointRouteBuilder app)
    {
        var venue = app.MapGroup("/venues/{venue}").WithTags("Binance-compatible market streams");
        venue.MapGet("/ws/{**streams}", BinanceWebSocketSession.RawAsync)
            .WithSummary("WebSocket: the raw payloads of the streams in the path (a/b), then of what SUBSCRIBE adds").WithDescription(Streams);
        venue.MapGet("/stream", BinanceWebSocketSession.CombinedAsync)
            .WithSummary("WebSocket: ?streams=a/b, each payload as {\"stream\":name,\"data\":payload}").WithDescription(Streams);
        return app;
    }
}
