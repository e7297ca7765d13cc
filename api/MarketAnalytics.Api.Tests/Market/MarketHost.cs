using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Api.Market;
using MarketAnalytics.Api.Tests.Exchange;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Api.Tests.Market;

/// <summary>The whole pipeline (api, aggregation, exchange, no ingest source unless a setting names one) on 127.0.0.1, with
/// helpers for the market push: open the SSE stream or a WebSocket, record trades through the recorder, trade on the exchange.</summary>
public sealed class MarketHost : IAsyncDisposable
{
    private MarketHost(ExchangeHost exchange) => Exchange = exchange;

    public ExchangeHost Exchange { get; }

    public HttpClient Client => Exchange.Client;

    public IServiceProvider Services => Exchange.Services;

    public MarketHub Hub => Services.GetRequiredService<MarketHub>();

    public static async Task<MarketHost> StartAsync(params string[] settings) =>
        new(await ExchangeHost.StartAsync(Role.Run, settings));

    /// <summary>Opens <c>/api/v1/market/stream</c> with <paramref name="query"/>; asserts a 200.</summary>
    public async Task<ServerSentEventReader> OpenStreamAsync(string query, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/market/stream" + query);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
        var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        return new ServerSentEventReader(response);
    }

    public Task<ClientWebSocket> OpenWebSocketAsync(CancellationToken ct) => OpenWebSocketAsync("/api/v1/market/ws", ct);

    /// <summary>Opens a WebSocket to <paramref name="path"/> (with its query) on the host.</summary>
    public async Task<ClientWebSocket> OpenWebSocketAsync(string path, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(new Uri(Client.BaseAddress!.ToString().Replace("http://", "ws://")), path), ct);
        return socket;
    }

    /// <summary>Records <paramref name="trades"/> through the recorder every source writes through.</summary>
    public async Task RecordAsync(IReadOnlyList<Trade> trades) =>
        await Services.GetRequiredService<MarketRecorder>().RecordAsync(trades, [], CancellationToken.None);

    /// <summary>Makes the exchange trade <paramref name="quantity"/> BTC-USDT at <paramref name="price"/> between two new users;
    /// returns the taker order's answer.</summary>
    public async Task<JsonElement> TradeOnExchangeAsync(decimal price, decimal quantity)
    {
        var (_, seller) = await Exchange.CreateUserAsync(("BTC", 1m));
        var (_, buyer) = await Exchange.CreateUserAsync(("USDT", 1_000_000m));
        await Exchange.PlaceAsync(seller, new { symbol = "BTC-USDT", side = "sell", price, quantity });
        return await Exchange.PlaceAsync(buyer, new { symbol = "BTC-USDT", side = "buy", price, quantity });
    }

    /// <summary>Waits (bounded) until the aggregation job has committed at least <paramref name="trades"/> trades.</summary>
    public async Task WaitUntilAggregatedAsync(long trades)
    {
        await Eventually.TrueAsync(async () =>
        {
            using var response = await Client.GetAsync("/health");
            var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return health.GetProperty("components").GetProperty("aggregation").GetProperty("data").GetProperty("aggregated_trades").GetInt64() >= trades;
        }, $"the aggregation job to commit {trades} trades");
    }

    public static async Task SendAsync(ClientWebSocket socket, object message, CancellationToken ct) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, ct);

    /// <summary>The next text message as JSON; throws when the socket closes first.</summary>
    public static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
                throw new WebSocketException($"closed by the server: {result.CloseStatus} {result.CloseStatusDescription}");
            message.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }

    /// <summary>Receives messages until one matches <paramref name="last"/>; all of them, that one included.</summary>
    public static async Task<List<JsonElement>> ReceiveThroughAsync(ClientWebSocket socket, Func<JsonElement, bool> last, CancellationToken ct)
    {
        var messages = new List<JsonElement>();
        while (true)
        {
            var message = await ReceiveAsync(socket, ct);
            messages.Add(message);
            if (last(message)) return messages;
        }
    }

    public ValueTask DisposeAsync() => Exchange.DisposeAsync();
}
