using System.Globalization;
using System.Net;
using MarketAnalytics.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>A venue on 127.0.0.1 (any free port) that keeps trading: it holds every trade it made, pushes each to the WebSocket
/// clients subscribed to it, and serves them over REST; a test can drop its connections, refuse new ones and rate-limit REST.</summary>
/// <remarks>Unlike <see cref="FakeVenueHost"/> (one WebSocket path, composed by the Coinbase and Kraken fakes, which keep their
/// own tapes), this base holds the trade tape itself and routes broadcasts by topic over several paths: the base of the OKX and
/// Bybit fakes, each mapping its venue's paths and formatting its frames and pages. Trades happen in the order
/// <see cref="TradeAsync"/> is called; while connections are refused or dropped they are only kept for REST, as a real venue
/// keeps trading through a client's outage.</remarks>
public abstract class FakeTradingVenue : IAsyncDisposable
{
    private readonly SemaphoreSlim _trading = new(1, 1);
    private readonly List<FakeVenueSocket> _sockets = [];
    private readonly List<Trade> _trades = [];
    private WebApplication? _app;
    private int _connections;
    private int _restRequests;
    private int _rateLimited;
    private int _answer429Next;
    private volatile bool _refusing;

    /// <summary>The WebSocket base address, <c>ws://127.0.0.1:port</c> (no path).</summary>
    public Uri WebSocketUrl { get; private set; } = null!;

    /// <summary>The REST base address, <c>http://127.0.0.1:port</c> (no path).</summary>
    public Uri RestUrl { get; private set; } = null!;

    /// <summary>WebSocket connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>REST requests answered so far, 429s included.</summary>
    public int RestRequestCount => Volatile.Read(ref _restRequests);

    /// <summary>REST requests answered 429.</summary>
    public int RateLimitedCount => Volatile.Read(ref _rateLimited);

    /// <summary>Every trade made so far, in order.</summary>
    public IReadOnlyList<Trade> Trades
    {
        get
        {
            lock (_trades) return [.. _trades];
        }
    }

    /// <summary>While true, WebSocket upgrades are answered 503.</summary>
    public bool RefuseConnections
    {
        get => _refusing;
        set => _refusing = value;
    }

    /// <summary>The next REST request is answered 429 with <c>Retry-After: 1</c>.</summary>
    public void AnswerNextRestRequestWith429() => Volatile.Write(ref _answer429Next, 1);

    /// <summary>Cuts every open WebSocket connection.</summary>
    public void DropConnections()
    {
        lock (_sockets)
        {
            foreach (var socket in _sockets) socket.Drop();
            _sockets.Clear();
        }
    }

    /// <summary>True when a connection to <paramref name="path"/> is open and subscribed to <paramref name="topic"/>.</summary>
    public bool IsSubscribed(string path, string topic)
    {
        lock (_sockets) return _sockets.Any(s => s.Path == path && s.IsSubscribed(topic));
    }

    /// <summary>Makes trades: kept for REST and pushed to the subscribed clients.</summary>
    public async Task TradeAsync(params Trade[] trades)
    {
        await _trading.WaitAsync();
        try
        {
            foreach (var trade in trades)
            {
                lock (_trades) _trades.Add(trade);
                var (topic, frame) = TradeFrame(trade);
                foreach (var socket in Subscribers(topic)) await socket.SendAsync(frame);
            }
        }
        finally
        {
            _trading.Release();
        }
    }

    /// <summary>Makes trades that reach REST only, as if their stream messages were lost.</summary>
    public void TradeUnseen(params Trade[] trades)
    {
        lock (_trades) _trades.AddRange(trades);
    }

    /// <summary>Pushes a quote to the subscribed clients.</summary>
    public async Task QuoteAsync(Quote quote)
    {
        var (topic, frame) = QuoteFrame(quote);
        foreach (var socket in Subscribers(topic)) await socket.SendAsync(frame);
    }

    /// <summary>The topic a trade is pushed on and its frame.</summary>
    protected abstract (string Topic, string Frame) TradeFrame(Trade trade);

    /// <summary>The topic a quote is pushed on and its frame.</summary>
    protected abstract (string Topic, string Frame) QuoteFrame(Quote quote);

    /// <summary>Maps the venue's WebSocket paths (through <see cref="AcceptAsync"/>) and REST paths (through <see cref="Rest"/>).</summary>
    protected abstract void Map(WebApplication app);

    /// <summary>Answers a client's text message (subscribe, ping) on <paramref name="socket"/>.</summary>
    protected abstract Task OnTextAsync(FakeVenueSocket socket, string text);

    protected async Task ListenAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.UseWebSockets();
        Map(_app);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        RestUrl = new Uri(address);
        WebSocketUrl = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal));
    }

    /// <summary>The trades of <paramref name="instrument"/> made so far, in order.</summary>
    protected List<Trade> TradesOf(InstrumentId instrument)
    {
        lock (_trades) return _trades.FindAll(t => t.Instrument == instrument);
    }

    /// <summary>A WebSocket endpoint: refused with 503 while <see cref="RefuseConnections"/>, else read until the client goes.</summary>
    protected async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || _refusing)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        using var webSocket = await context.WebSockets.AcceptWebSocketAsync();
        Interlocked.Increment(ref _connections);
        var socket = new FakeVenueSocket(webSocket, context.Request.Path);
        lock (_sockets) _sockets.Add(socket);
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer) is { } text) await OnTextAsync(socket, text);
        }
        finally
        {
            lock (_sockets) _sockets.Remove(socket);
        }
    }

    /// <summary>A REST endpoint answering JSON, or 429 once when the test asked for it.</summary>
    protected RequestDelegate Rest(Func<HttpContext, string> answer) => async context =>
    {
        Interlocked.Increment(ref _restRequests);
        context.Response.ContentType = "application/json";
        if (Interlocked.Exchange(ref _answer429Next, 0) == 1)
        {
            Interlocked.Increment(ref _rateLimited);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsync(RateLimitedBody);
            return;
        }
        await context.Response.WriteAsync(answer(context));
    };

    /// <summary>The body of a 429 answer in the venue's envelope.</summary>
    protected abstract string RateLimitedBody { get; }

    protected static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    protected static long Milliseconds(DateTime time) => (time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    private List<FakeVenueSocket> Subscribers(string topic)
    {
        lock (_sockets) return _sockets.FindAll(s => s.IsSubscribed(topic));
    }

    public async ValueTask DisposeAsync()
    {
        DropConnections();
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
