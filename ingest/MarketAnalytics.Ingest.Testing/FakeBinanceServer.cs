using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>A server on 127.0.0.1 speaking Binance's combined WebSocket streams (<c>/stream?streams=…</c>) and its REST trade
/// history (<c>/api/v3/historicalTrades</c>, <c>/fapi/v1/historicalTrades</c>), replaying the frames a test publishes.</summary>
/// <remarks>
/// A protocol-level fake, as Binance cannot be reached from tests. <see cref="PublishAsync"/> is the market trading: each frame
/// goes to every connected client subscribed to its stream, and each trade frame's trade joins the REST history, which a client
/// that was away reads its missed trades from, as from Binance. Like USD-M's, the history leaves out trades whose <c>X</c> is not
/// <c>MARKET</c> and pages at most <see cref="PageSize"/> trades. <see cref="BeginOutage"/> drops every connection and refuses new
/// ones until <see cref="EndOutage"/>; <see cref="RateLimitNextHistoryRequests"/> answers REST with 429 and <c>Retry-After</c>.
/// Binance replays nothing on connect, and neither does the fake. Requests <c>LIST_SUBSCRIPTIONS</c> are answered.
/// </remarks>
public sealed class FakeBinanceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<FakeBinanceClient> _clients = [];
    private readonly Dictionary<string, SortedList<long, string>> _history = new(StringComparer.Ordinal);
    private volatile bool _outage;
    private int _connections;
    private int _refused;
    private int _historyRequests;
    private int _rateLimitedLeft;
    private int _retryAfterSeconds;

    private FakeBinanceServer(WebApplication app, int pageSize)
    {
        _app = app;
        PageSize = pageSize;
    }

    /// <summary><c>ws://127.0.0.1:port</c>, the base of <c>/stream</c>.</summary>
    public Uri WebSocketUrl { get; private set; } = null!;

    /// <summary><c>http://127.0.0.1:port</c>, the base of the REST paths.</summary>
    public Uri RestUrl { get; private set; } = null!;

    /// <summary>Trades one history page holds at most (USD-M 500, spot 1000), whatever <c>limit</c> asks.</summary>
    public int PageSize { get; }

    /// <summary>WebSocket connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>WebSocket connections refused during outages.</summary>
    public int RefusedConnections => Volatile.Read(ref _refused);

    /// <summary>REST history requests answered, rate-limited ones included.</summary>
    public int HistoryRequests => Volatile.Read(ref _historyRequests);

    /// <summary>Clients connected now.</summary>
    public int ConnectedClients
    {
        get { lock (_gate) return _clients.Count; }
    }

    /// <summary>Starts the server on <paramref name="port"/> of 127.0.0.1 (0: any free port).</summary>
    public static async Task<FakeBinanceServer> StartAsync(int pageSize = 500, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeBinanceServer(app, pageSize);
        app.UseWebSockets();
        app.Map("/stream", server.AcceptAsync);
        app.MapGet("/api/v3/historicalTrades", server.HistoryAsync);
        app.MapGet("/fapi/v1/historicalTrades", server.HistoryAsync);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.RestUrl = new Uri($"http://127.0.0.1:{address.Port}");
        server.WebSocketUrl = new Uri($"ws://127.0.0.1:{address.Port}");
        return server;
    }

    /// <summary>The market trades: each combined-stream frame goes to the clients subscribed to its stream, and a trade frame's
    /// market trade joins the REST history. Returns once every connected client was sent every frame.</summary>
    public async Task PublishAsync(IEnumerable<string> frames)
    {
        foreach (var frame in frames)
        {
            var stream = StreamOf(frame);
            FakeBinanceClient[] clients;
            lock (_gate)
            {
                if (stream.EndsWith("@trade", StringComparison.Ordinal)) AddToHistory(frame);
                clients = [.. _clients.Where(c => c.Streams.Contains(stream))];
            }
            foreach (var client in clients) await client.SendAsync(frame);
        }
    }

    /// <summary>Drops every connection without a close handshake and refuses new ones until <see cref="EndOutage"/>.</summary>
    public void BeginOutage()
    {
        _outage = true;
        FakeBinanceClient[] clients;
        lock (_gate)
        {
            clients = [.. _clients];
            // Gone at once, so a test that waits for a reconnect never mistakes a dropped client for a new one.
            _clients.Clear();
        }
        foreach (var client in clients) client.Drop();
    }

    public void EndOutage() => _outage = false;

    /// <summary>Answers the next <paramref name="count"/> history requests with 429 and <c>Retry-After: seconds</c>.</summary>
    public void RateLimitNextHistoryRequests(int count, int retryAfterSeconds)
    {
        Volatile.Write(ref _retryAfterSeconds, retryAfterSeconds);
        Volatile.Write(ref _rateLimitedLeft, count);
    }

    /// <summary>A combined-stream trade frame as Binance USD-M sends it.</summary>
    public static string TradeFrame(Trade trade, string kind = "MARKET") =>
        $$$"""{"stream":"{{{trade.Instrument.Symbol.ToLowerInvariant()}}}@trade","data":{"e":"trade","E":{{{Ms(trade.Time) + 3}}},"T":{{{Ms(trade.Time)}}},"s":"{{{trade.Instrument.Symbol}}}","t":{{{trade.TradeId}}},"p":"{{{Num(trade.Price)}}}","q":"{{{Num(trade.BaseQuantity)}}}","X":"{{{kind}}}","m":{{{(trade.Side == TakerSide.Sell ? "true" : "false")}}}""" + "}}";

    /// <summary>A combined-stream <c>bookTicker</c> frame as Binance USD-M sends it.</summary>
    public static string BookTickerFrame(Quote quote) =>
        $$$"""{"stream":"{{{quote.Instrument.Symbol.ToLowerInvariant()}}}@bookTicker","data":{"e":"bookTicker","u":1,"s":"{{{quote.Instrument.Symbol}}}","b":"{{{Num(quote.BidPrice)}}}","B":"{{{Num(quote.BidSize)}}}","a":"{{{Num(quote.AskPrice)}}}","A":"{{{Num(quote.AskSize)}}}","T":{{{Ms(quote.Time)}}},"E":{{{Ms(quote.Time) + 1}}}""" + "}}";

    /// <summary>The frames of a recording (<c>&lt;receive time&gt; &lt;frame&gt;</c> lines, gzipped or not) that carry a
    /// stream, in order; REST snapshots and other lines without one are left out.</summary>
    public static IEnumerable<string> RecordedFrames(string path)
    {
        using var file = File.OpenRead(path);
        using var input = path.EndsWith(".gz", StringComparison.Ordinal) ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress) : (Stream)file;
        using var reader = new StreamReader(input);
        while (reader.ReadLine() is { } line)
        {
            var start = line.IndexOf('{');
            if (start < 0) continue;
            var frame = line[start..];
            if (frame.StartsWith("{\"stream\":", StringComparison.Ordinal)) yield return frame;
        }
    }

    public async ValueTask DisposeAsync()
    {
        BeginOutage();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (_outage || !context.WebSockets.IsWebSocketRequest)
        {
            if (_outage) Interlocked.Increment(ref _refused);
            context.Response.StatusCode = _outage ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
            return;
        }
        var streams = (context.Request.Query["streams"].ToString()).Split('/', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var client = new FakeBinanceClient(socket, streams);
        Interlocked.Increment(ref _connections);
        lock (_gate) _clients.Add(client);
        try
        {
            await client.ReadAsync();
        }
        finally
        {
            lock (_gate) _clients.Remove(client);
        }
    }

    private async Task HistoryAsync(HttpContext context)
    {
        Interlocked.Increment(ref _historyRequests);
        var response = context.Response;
        if (Interlocked.Decrement(ref _rateLimitedLeft) >= 0)
        {
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            response.Headers.RetryAfter = Volatile.Read(ref _retryAfterSeconds).ToString(CultureInfo.InvariantCulture);
            await response.WriteAsync("""{"code":-1003,"msg":"Too many requests; current limit of IP is 2400 requests per minute."}""");
            return;
        }
        var query = context.Request.Query;
        var symbol = query["symbol"].ToString();
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var asked) ? Math.Min(asked, PageSize) : PageSize;
        response.Headers["X-MBX-USED-WEIGHT-1M"] = "20";
        response.ContentType = "application/json";
        string[] page;
        lock (_gate)
        {
            if (!_history.TryGetValue(symbol, out var trades))
            {
                response.StatusCode = StatusCodes.Status400BadRequest;
                page = [];
            }
            else
            {
                // Without fromId Binance answers the most recent trades.
                var from = long.TryParse(query["fromId"], CultureInfo.InvariantCulture, out var id) ? id : trades.Count == 0 ? 0 : trades.Keys[Math.Max(0, trades.Count - limit)];
                page = [.. trades.Where(t => t.Key >= from).Take(limit).Select(t => t.Value)];
            }
        }
        if (response.StatusCode == StatusCodes.Status400BadRequest)
        {
            await response.WriteAsync("""{"code":-1121,"msg":"Invalid symbol."}""");
            return;
        }
        await response.WriteAsync("[" + string.Join(',', page) + "]");
    }

    private void AddToHistory(string frame)
    {
        using var document = JsonDocument.Parse(frame);
        var data = document.RootElement.GetProperty("data");
        if (data.TryGetProperty("X", out var kind) && kind.GetString() != "MARKET") return;
        var symbol = data.GetProperty("s").GetString()!;
        var id = data.GetProperty("t").GetInt64();
        var price = data.GetProperty("p").GetString()!;
        var quantity = data.GetProperty("q").GetString()!;
        var quote = decimal.Parse(price, CultureInfo.InvariantCulture) * decimal.Parse(quantity, CultureInfo.InvariantCulture);
        var json = $$"""{"id":{{id}},"price":"{{price}}","qty":"{{quantity}}","quoteQty":"{{Num(quote)}}","time":{{data.GetProperty("T").GetInt64()}},"isBuyerMaker":{{(data.GetProperty("m").GetBoolean() ? "true" : "false")}}}""";
        if (!_history.TryGetValue(symbol, out var trades)) _history[symbol] = trades = [];
        trades[id] = json;
    }

    private static string StreamOf(string frame)
    {
        const string prefix = "{\"stream\":\"";
        if (!frame.StartsWith(prefix, StringComparison.Ordinal)) throw new ArgumentException($"not a combined-stream frame: {frame[..Math.Min(frame.Length, 80)]}");
        return frame[prefix.Length..frame.IndexOf('"', prefix.Length)];
    }

    private static long Ms(DateTime time) => (time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One client connection: its streams, a send lock and the loop that answers its requests.</summary>
    private sealed class FakeBinanceClient(WebSocket socket, HashSet<string> streams)
    {
        private readonly SemaphoreSlim _sending = new(1, 1);

        public HashSet<string> Streams { get; } = streams;

        public void Drop() => socket.Abort();

        public async Task SendAsync(string text)
        {
            await _sending.WaitAsync();
            try
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The client is gone (or was dropped): what it missed is in the REST history.
            }
            finally
            {
                _sending.Release();
            }
        }

        public async Task ReadAsync()
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (received.MessageType == WebSocketMessageType.Close) return;
                    using var request = JsonDocument.Parse(buffer.AsMemory(0, received.Count));
                    var id = request.RootElement.TryGetProperty("id", out var value) ? value.GetRawText() : "null";
                    var answer = request.RootElement.TryGetProperty("method", out var method) && method.GetString() == "LIST_SUBSCRIPTIONS"
                        ? $$"""{"result":{{JsonSerializer.Serialize(Streams)}},"id":{{id}}}"""
                        : $$"""{"error":{"code":2,"msg":"Invalid request: unknown method"},"id":{{id}}}""";
                    await SendAsync(answer);
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or JsonException)
            {
                // The client went away or the test dropped the connection.
            }
        }
    }
}
