using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>One client connection to the <see cref="FakeBitmexServer"/>, driven by a test's script in BitMEX's protocol.</summary>
/// <remarks>A background loop reads what the client sends: it answers <c>ping</c> with <c>pong</c> while
/// <see cref="AnswersPings"/> is true and collects the topics of <c>subscribe</c> requests.</remarks>
public sealed class FakeBitmexConnection
{
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly TaskCompletionSource<string[]> _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pings;

    internal FakeBitmexConnection(WebSocket socket, int index)
    {
        _socket = socket;
        Index = index;
        Closed = ReadAsync();
    }

    /// <summary>0 for the first connection the server accepted, 1 for the next, …</summary>
    public int Index { get; }

    public bool AnswersPings { get; set; } = true;

    public int PingsReceived => Volatile.Read(ref _pings);

    /// <summary>Completes when the client has gone.</summary>
    public Task Closed { get; }

    public Task SendWelcomeAsync() =>
        SendAsync("""{"info":"Welcome to the BitMEX Realtime API.","version":"2021-07-14T01:26:29.000Z","timestamp":"2021-07-22T22:36:07.865Z","docs":"https://www.bitmex.com/app/wsAPI","limit":{"remaining":39}}""");

    /// <summary>Waits for the client's subscribe request and acknowledges each topic as BitMEX does; returns the topics.</summary>
    public async Task<string[]> AcceptSubscriptionAsync()
    {
        var topics = await _subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var topic in topics)
            await SendAsync($$$"""{"success":true,"subscribe":"{{{topic}}}","request":{"op":"subscribe","args":{{{JsonSerializer.Serialize(topics)}}}}}""");
        return topics;
    }

    /// <summary>Sends a <c>trade</c> table frame (<c>partial</c> or <c>insert</c>) with the given trades.</summary>
    public Task SendTradesAsync(string action, params Trade[] trades) =>
        SendAsync($$"""{"table":"trade","action":"{{action}}","data":[{{string.Join(',', trades.Select(TradeJson))}}]}""");

    public Task SendQuoteAsync(string action, Quote quote) =>
        SendAsync($$"""{"table":"quote","action":"{{action}}","data":[{"timestamp":"{{Iso(quote.Time)}}","symbol":"{{quote.Instrument.Symbol}}","bidSize":{{Num(quote.BidSize)}},"bidPrice":{{Num(quote.BidPrice)}},"askPrice":{{Num(quote.AskPrice)}},"askSize":{{Num(quote.AskSize)}}}]}""");

    /// <summary>Cuts the connection without a close handshake, as a failing network would.</summary>
    public void Drop() => _socket.Abort();

    public async Task SendAsync(string text)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>A trade as BitMEX writes it in the <c>trade</c> table.</summary>
    public static string TradeJson(Trade trade) =>
        $$"""{"timestamp":"{{Iso(trade.Time)}}","symbol":"{{trade.Instrument.Symbol}}","side":"{{(trade.Side == TakerSide.Buy ? "Buy" : "Sell")}}","size":{{Num(trade.Contracts)}},"price":{{Num(trade.Price)}},"tickDirection":"PlusTick","trdMatchID":"{{trade.TradeId}}","grossValue":0,"homeNotional":{{Num(trade.BaseQuantity)}},"foreignNotional":{{Num(trade.QuoteQuantity)}}}""";

    private static string Iso(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close) return;
                var text = Encoding.UTF8.GetString(buffer, 0, received.Count);
                if (text == "ping")
                {
                    Interlocked.Increment(ref _pings);
                    if (AnswersPings) await SendAsync("pong");
                }
                else if (text.Contains("\"subscribe\"", StringComparison.Ordinal))
                {
                    using var request = JsonDocument.Parse(text);
                    _subscribed.TrySetResult(request.RootElement.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray());
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the script dropped the connection; either way the connection is over.
        }
    }
}
