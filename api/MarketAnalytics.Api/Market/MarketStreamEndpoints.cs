using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MarketAnalytics.Api.Endpoints;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Market;

/// <summary>The market push API: server-sent events at <c>/api/v1/market/stream</c> and a WebSocket at <c>/api/v1/market/ws</c>,
/// both fed by the <see cref="MarketHub"/>.</summary>
/// <remarks>SSE: each event has the hub's id; a client reconnecting with <c>Last-Event-ID</c> gets the buffered events after it,
/// or, when they are gone, one <c>reset</c> event and then live ones. A client too slow to keep up gets a <c>reset</c> event
/// with the reason and the stream ends.</remarks>
internal static class MarketStreamEndpoints
{
    public sealed record Reset(string Reason, long OldestAvailable, long LastEventId);

    /// <summary>The event shapes, for the API description (Swagger cannot show a stream's messages).</summary>
    private const string EventShapes =
        "Events (SSE: event name and id, data = the object; WebSocket: the object with \"type\" and \"id\" in front):\n" +
        "- trade: symbol, trade_id, time, price, quantity, quote_quantity, side (taker side)\n" +
        "- candle: symbol, interval, open_time, open, high, low, close, volume, quote_volume, trades, taker_buy_volume, " +
        "taker_buy_quote_volume, vwap, first_trade_id, last_trade_id, closed " +
        "(the window's candle as /api/v1/candles answers it, after each change; closed: true once the window has ended)\n" +
        "- price: symbol, buy_price, sell_price, bid_price, ask_price, bid_size, ask_size, updated_at (the /current_price shape)\n" +
        "- book (internal markets): symbol, side, price, quantity, order_count, time, sequence (a price level after a change)\n" +
        "- reset: reason, oldest_available, last_event_id (SSE: resume impossible or client too slow)\n" +
        "- subscribed: symbols, channels, intervals; error: message (WebSocket only)";

    public static IEndpointRouteBuilder MapMarketStreamEndpoints(this IEndpointRouteBuilder app)
    {
        var market = app.MapGroup("/api/v1/market").WithTags("Market push");
        market.MapGet("/stream", Stream).WithSummary(
            "Server-sent events of ?symbols=S1,S2: 'trade', 'candle' (of ?interval=, default 1m), 'price' and, for internal markets, " +
            "'book' (?channels=trades,candles,prices,book); id per event, resume with Last-Event-ID; shapes in the README")
            .WithDescription(EventShapes)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        market.MapGet("/ws", MarketWebSocketSession.AcceptAsync).WithSummary(
            "WebSocket: send {\"op\":\"subscribe\"|\"unsubscribe\",\"symbols\":[…],\"channels\":[…],\"interval\":\"1m\"}; receive JSON " +
            "objects with \"type\": trade, candle, price, book, subscribed, error; shapes in the README").WithDescription(EventShapes);
        return app;
    }

    private static async Task<IResult> Stream(string? symbols, string? channels, string? interval, HttpContext http, MarketHub hub,
        InstrumentResolver resolver, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        var (instruments, wanted, length, error) = await MarketSubscriptionRequest.ParseAsync(
            Split(symbols), channels is null ? null : Split(channels), interval, resolver, ct);
        if (error is not null) return error;
        long? after = null;
        var lastEventId = http.Request.Headers["Last-Event-ID"].ToString();
        if (lastEventId.Length > 0)
        {
            if (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return QueryErrors.BadParameter("Last-Event-ID", $"'{lastEventId}' is not an event id (a whole number)");
            after = id;
        }
        var subscription = hub.Subscribe(MarketSubscriptionRequest.Keys(instruments, wanted, length).ToHashSet(), after);
        http.Response.RegisterForDispose(subscription);
        return TypedResults.ServerSentEvents(
            EventsAsync(http.Response, subscription, hub, json.Value.SerializerOptions, lifetime.ApplicationStopping, http.RequestAborted));
    }

    private static string[] Split(string? text) => (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async IAsyncEnumerable<SseItem<string>> EventsAsync(HttpResponse response, MarketSubscription subscription, MarketHub hub,
        JsonSerializerOptions json, CancellationToken stopping, [EnumeratorCancellation] CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        if (subscription.ResumeFailed)
        {
            var reset = new Reset("the events after Last-Event-ID are no longer buffered: reload, then carry on with the events that follow",
                subscription.OldestAvailable, subscription.StartEventId);
            yield return Item("reset", reset, reset.LastEventId, json);
        }
        else
        {
            // Headers now: a subscriber learns it is subscribed before its first event, which may be long in coming.
            await response.Body.FlushAsync(linked.Token);
        }
        await using var events = subscription.ReadAllAsync(linked.Token).GetAsyncEnumerator(linked.Token);
        while (true)
        {
            try
            {
                if (!await events.MoveNextAsync()) break;
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                yield break;
            }
            var e = events.Current;
            yield return new SseItem<string>(e.Json(json), e.Type) { EventId = e.Id.ToString(CultureInfo.InvariantCulture) };
        }
        if (subscription.DropReason is { } reason)
            yield return Item("reset", new Reset(reason, subscription.OldestAvailable, hub.LastEventId), null, json);
    }

    private static SseItem<string> Item(string type, object data, long? id, JsonSerializerOptions json) =>
        new(JsonSerializer.Serialize(data, data.GetType(), json), type) { EventId = id?.ToString(CultureInfo.InvariantCulture) };
}
