using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Api.Market;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>One WebSocket client of a venue's Binance market streams: the streams named in its address, then what its
/// <c>SUBSCRIBE</c>/<c>UNSUBSCRIBE</c> messages change; it gets each stream's payloads, wrapped as <c>{"stream", "data"}</c> on a
/// combined connection (<c>/stream?streams=</c>).</summary>
/// <remarks>Method messages are answered as Binance does: <c>{"result": null, "id": 1}</c>, <c>LIST_SUBSCRIPTIONS</c> with the
/// stream names, and <c>{"error": {"code": 2, "msg": …}, "id": 1}</c> for an unknown method or stream (3 for a message that is not
/// JSON); nothing changes when a message is refused. An unknown stream in the address closes the connection (1008) with the
/// reason. Pings, and the close of a client too slow to keep up, are the native push's (<see cref="MarketPushOptions"/>).</remarks>
internal sealed class BinanceWebSocketSession
{
    private readonly WebSocket _socket;
    private readonly MarketSubscription _subscription;
    private readonly VenueCatalog _catalog;
    private readonly string _venue;
    private readonly bool _combined;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private volatile IReadOnlyDictionary<MarketKey, BinanceStream> _streams = new Dictionary<MarketKey, BinanceStream>();

    private BinanceWebSocketSession(WebSocket socket, MarketSubscription subscription, VenueCatalog catalog, string venue, bool combined, TimeProvider clock)
    {
        _socket = socket;
        _subscription = subscription;
        _catalog = catalog;
        _venue = venue;
        _combined = combined;
        _clock = clock;
    }

    /// <summary>A raw connection: <c>/venues/{venue}/ws/a/b</c>, payloads only.</summary>
    public static Task<IResult> RawAsync(string venue, string? streams, HttpContext http, MarketHub hub, VenueCatalog catalog,
        IOptions<MarketPushOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime) =>
        AcceptAsync(venue, streams, combined: false, http, hub, catalog, options, clock, lifetime);

    /// <summary>A combined connection: <c>/venues/{venue}/stream?streams=a/b</c>, payloads wrapped with their stream's name.</summary>
    public static Task<IResult> CombinedAsync(string venue, string? streams, HttpContext http, MarketHub hub, VenueCatalog catalog,
        IOptions<MarketPushOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime) =>
        AcceptAsync(venue, streams, combined: true, http, hub, catalog, options, clock, lifetime);

    private static async Task<IResult> AcceptAsync(string venue, string? streams, bool combined, HttpContext http, MarketHub hub,
        VenueCatalog catalog, IOptions<MarketPushOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime)
    {
        if (!http.WebSockets.IsWebSocketRequest) return new BinanceError(400, -1100, "This endpoint speaks WebSocket only.");
        var (found, unknown) = await FindAsync(catalog, venue, (streams ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries), http.RequestAborted);
        // Subscribed before the handshake completes: an event published once the client is connected reaches it.
        using var subscription = hub.Subscribe(found.Select(s => s.Key).ToHashSet(), afterEventId: null);
        var ping = TimeSpan.FromSeconds(options.Value.PingSeconds);
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = ping, KeepAliveTimeout = ping });
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var session = new BinanceWebSocketSession(socket, subscription, catalog, venue, combined, clock);
        try
        {
            if (unknown is not null)
            {
                await session.CloseAsync(WebSocketCloseStatus.PolicyViolation, $"Invalid request: unknown stream '{unknown}'", ended.Token);
                return Results.Empty;
            }
            session.Follow(found, add: true);
            var receiving = session.ReceiveAsync(ended.Token);
            var sending = session.SendEventsAsync(ended.Token);
            await Task.WhenAny(receiving, sending);
            await ended.CancelAsync();
            await Task.WhenAll(receiving, sending);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The client went or the host stops: nothing left to tell it.
        }
        return Results.Empty;
    }

    private static async Task<(List<BinanceStream> Found, string? Unknown)> FindAsync(VenueCatalog catalog, string venue,
        IEnumerable<string> names, CancellationToken ct)
    {
        var found = new List<BinanceStream>();
        foreach (var name in names)
        {
            if (await BinanceStream.FindAsync(catalog, venue, name, ct) is not { } stream) return ([], name);
            found.Add(stream);
        }
        return (found, null);
    }

    /// <summary>Adds or removes streams: the names first when adding and the keys first when removing, so the sender always
    /// knows the stream of an event it gets.</summary>
    private void Follow(IEnumerable<BinanceStream> streams, bool add)
    {
        var names = new Dictionary<MarketKey, BinanceStream>(_streams);
        foreach (var stream in streams)
            if (add) names[stream.Key] = stream;
            else names.Remove(stream.Key);
        if (add) _streams = names;
        _subscription.Keys = names.Keys.ToHashSet();
        if (!add) _streams = names;
    }

    private Task ReceiveAsync(CancellationToken ct) => WebSocketMessages.ReceiveAsync(_socket, HandleAsync, CloseAsync, ct);

    private async Task HandleAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException e)
        {
            await SendTextAsync(Error(3, $"Invalid JSON: {e.Message}", null), ct);
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                await SendTextAsync(Error(2, "Invalid request: send an object with method, params and id", null), ct);
                return;
            }
            JsonElement? id = root.TryGetProperty("id", out var given) ? given.Clone() : null;
            var method = root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var names = new List<string>();
            if (root.TryGetProperty("params", out var parameters))
            {
                if (parameters.ValueKind != JsonValueKind.Array || parameters.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String))
                {
                    await SendTextAsync(Error(1, "Invalid value type: params must be an array of stream names", id), ct);
                    return;
                }
                names.AddRange(parameters.EnumerateArray().Select(p => p.GetString()!));
            }
            switch (method)
            {
                case "SUBSCRIBE":
                    var (found, unknown) = await FindAsync(_catalog, _venue, names, ct);
                    if (unknown is not null)
                    {
                        await SendTextAsync(Error(2, $"Invalid request: unknown stream '{unknown}'", id), ct);
                        return;
                    }
                    Follow(found, add: true);
                    await SendTextAsync(Result(null, id), ct);
                    return;
                case "UNSUBSCRIBE":
                    var lower = names.Select(n => n.ToLowerInvariant()).ToHashSet();
                    Follow(_streams.Values.Where(s => lower.Contains(s.Name)).ToList(), add: false);
                    await SendTextAsync(Result(null, id), ct);
                    return;
                case "LIST_SUBSCRIPTIONS":
                    await SendTextAsync(Result([.. _streams.Values.Select(s => s.Name).Order(StringComparer.Ordinal)], id), ct);
                    return;
                default:
                    await SendTextAsync(Error(2, $"Invalid request: method '{method}' is not one of SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS", id), ct);
                    return;
            }
        }
    }

    private async Task SendEventsAsync(CancellationToken ct)
    {
        await foreach (var e in _subscription.ReadAllAsync(ct))
        {
            if (!_streams.TryGetValue(e.Key, out var stream)) continue;
            var now = BinanceJson.Ms(_clock.GetUtcNow().UtcDateTime);
            if (BinanceStreamPayload.Of(e, stream, now, _combined) is { } payload) await SendTextAsync(payload, ct);
        }
        if (_subscription.DropReason is { } reason) await CloseAsync(WebSocketCloseStatus.PolicyViolation, Truncated(reason), ct);
    }

    private static string Result(List<string>? result, JsonElement? id) => Write(json =>
    {
        json.WriteStartObject();
        if (result is null) json.WriteNull("result");
        else
        {
            json.WriteStartArray("result");
            foreach (var name in result) json.WriteStringValue(name);
            json.WriteEndArray();
        }
        WriteId(json, id);
        json.WriteEndObject();
    });

    private static string Error(int code, string message, JsonElement? id) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteNumber("code", code);
        json.WriteString("msg", message);
        json.WriteEndObject();
        WriteId(json, id);
        json.WriteEndObject();
    });

    private static void WriteId(Utf8JsonWriter json, JsonElement? id)
    {
        json.WritePropertyName("id");
        if (id is { } value) value.WriteTo(json);
        else json.WriteNullValue();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer)) write(json);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A close reason fits in 123 bytes.</summary>
    private static string Truncated(string reason) => reason.Length <= 120 ? reason : reason[..120];

    private Task SendTextAsync(string text, CancellationToken ct) => WebSocketMessages.SendTextAsync(_socket, _sending, text, ct);

    private Task CloseAsync(WebSocketCloseStatus status, string reason, CancellationToken ct) =>
        WebSocketMessages.CloseAsync(_socket, _sending, status, Truncated(reason), ct);
}
