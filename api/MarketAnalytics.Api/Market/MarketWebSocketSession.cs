using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Api.Endpoints;
using MarketAnalytics.Core;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Market;

/// <summary>One WebSocket client of the market push: reads its <c>subscribe</c>/<c>unsubscribe</c> messages and sends it the
/// events of what it follows, as JSON objects with a <c>type</c>.</summary>
/// <remarks>The server pings every <see cref="MarketPushOptions.PingSeconds"/> and closes a connection whose pong does not come
/// within that time. A client too slow to keep up gets an <c>error</c> message with the reason and a close (policy violation).</remarks>
internal sealed class MarketWebSocketSession
{
    private readonly WebSocket _socket;
    private readonly MarketSubscription _subscription;
    private readonly InstrumentResolver _resolver;
    private readonly JsonSerializerOptions _json;
    private readonly SemaphoreSlim _sending = new(1, 1);

    private MarketWebSocketSession(WebSocket socket, MarketSubscription subscription, InstrumentResolver resolver, JsonSerializerOptions json)
    {
        _socket = socket;
        _subscription = subscription;
        _resolver = resolver;
        _json = json;
    }

    public sealed record ClientMessage(string? Op, List<string>? Symbols, List<string>? Channels, string? Interval);

    public sealed record Subscribed(string Type, List<string> Symbols, List<string> Channels, List<string> Intervals);

    public sealed record Error(string Type, string Message);

    public static async Task<IResult> AcceptAsync(HttpContext http, MarketHub hub, InstrumentResolver resolver, IOptions<JsonOptions> json,
        IOptions<MarketPushOptions> options, IHostApplicationLifetime lifetime)
    {
        if (!http.WebSockets.IsWebSocketRequest)
            return QueryErrors.BadParameter("Upgrade", "this endpoint speaks WebSocket only: connect with a WebSocket client (Upgrade: websocket)");
        var ping = TimeSpan.FromSeconds(options.Value.PingSeconds);
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = ping, KeepAliveTimeout = ping });
        using var subscription = hub.Subscribe(new HashSet<MarketKey>(), afterEventId: null);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var session = new MarketWebSocketSession(socket, subscription, resolver, json.Value.SerializerOptions);
        var receiving = session.ReceiveAsync(ended.Token);
        var sending = session.SendEventsAsync(ended.Token);
        await Task.WhenAny(receiving, sending);
        await ended.CancelAsync();
        try
        {
            await Task.WhenAll(receiving, sending);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went or the host stops: nothing left to tell it.
        }
        return Results.Empty;
    }

    private Task ReceiveAsync(CancellationToken ct) => WebSocketMessages.ReceiveAsync(_socket, HandleAsync, CloseAsync, ct);

    private async Task HandleAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        ClientMessage? op;
        try
        {
            op = JsonSerializer.Deserialize<ClientMessage>(message.Span, _json);
        }
        catch (JsonException e)
        {
            await SendAsync(new Error("error", $"not a JSON message of the form {{\"op\":\"subscribe\",\"symbols\":[…]}}: {e.Message}"), ct);
            return;
        }
        if (op?.Op is not ("subscribe" or "unsubscribe"))
        {
            await SendAsync(new Error("error", $"op: '{op?.Op}' is not one of subscribe, unsubscribe"), ct);
            return;
        }
        var (instruments, channels, interval, error) = await MarketSubscriptionRequest.ParseAsync(op.Symbols ?? [], op.Channels, op.Interval, _resolver, ct);
        if (error is not null)
        {
            await SendAsync(new Error("error", MarketSubscriptionRequest.Describe(error)), ct);
            return;
        }
        var keys = MarketSubscriptionRequest.Keys(instruments, channels, interval);
        var followed = new HashSet<MarketKey>(_subscription.Keys);
        if (op.Op == "subscribe") followed.UnionWith(keys);
        else if (op.Interval is null && op.Channels is null) followed.RemoveWhere(k => instruments.Contains(k.Instrument));
        else followed.ExceptWith(keys);
        _subscription.Keys = followed;
        await SendAsync(new Subscribed("subscribed",
            [.. followed.Select(k => k.Instrument.ToString()).Distinct().Order(StringComparer.Ordinal)],
            [.. MarketSubscriptionRequest.ChannelNames.Where((_, i) => followed.Any(k => k.Channel == (MarketChannels)(1 << i)))],
            [.. followed.Where(k => k.Interval is not null).Select(k => k.Interval!).Distinct().OrderBy(i => CandleInterval.TryParse(i, out var c) ? c.Minutes : 0)]), ct);
    }

    private async Task SendEventsAsync(CancellationToken ct)
    {
        await foreach (var e in _subscription.ReadAllAsync(ct)) await SendTextAsync(e.Message(_json), ct);
        if (_subscription.DropReason is { } reason)
        {
            await SendAsync(new Error("error", reason), ct);
            await CloseAsync(WebSocketCloseStatus.PolicyViolation, "slow client", ct);
        }
    }

    private Task SendAsync(object message, CancellationToken ct) => SendTextAsync(JsonSerializer.Serialize(message, message.GetType(), _json), ct);

    private Task SendTextAsync(string text, CancellationToken ct) => WebSocketMessages.SendTextAsync(_socket, _sending, text, ct);

    private Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken ct) =>
        WebSocketMessages.CloseAsync(_socket, _sending, status, reason, ct);
}
