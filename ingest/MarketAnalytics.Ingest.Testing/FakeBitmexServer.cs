using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>A server on 127.0.0.1 that speaks BitMEX's realtime protocol, each connection following a test's script, and serves
/// its REST trade history (<c>GET /api/v1/trade</c>) from the trades a test adds.</summary>
/// <remarks>A protocol-level fake, as BitMEX itself cannot be reached from tests. The n-th connection runs the n-th script (the
/// last script for every later one); the connection ends when its script returns, or at once if the script calls
/// <see cref="FakeBitmexConnection.Drop"/>. The history answers <c>symbol</c>, <c>startTime</c> (inclusive), <c>count</c> (at
/// most 1000) and <c>start</c> (rows skipped), oldest first, as BitMEX does with <c>reverse=false</c>.</remarks>
public sealed class FakeBitmexServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<Trade> _history = [];
    private int _connections;
    private int _restRequests;
    private int _rateLimitNext;
    private volatile bool _refuses;

    private FakeBitmexServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The realtime endpoint, <c>ws://127.0.0.1:port/realtime</c>.</summary>
    public Uri Url { get; }

    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Base address of the REST API, <c>http://127.0.0.1:port</c>.</summary>
    public Uri RestUrl => new($"http://127.0.0.1:{Url.Port}");

    /// <summary>REST requests answered so far, rate-limited ones included.</summary>
    public int RestRequestCount => Volatile.Read(ref _restRequests);

    /// <summary>While true, WebSocket upgrades are answered 503 and no script runs.</summary>
    public bool RefusesConnections
    {
        get => _refuses;
        set => _refuses = value;
    }

    /// <summary>Adds trades to the REST history (in the order given, which should be exchange time).</summary>
    public void AddHistory(params Trade[] trades)
    {
        lock (_lock) _history.AddRange(trades);
    }

    /// <summary>The next REST request is answered <c>429 Too Many Requests</c> with <c>Retry-After: 1</c>.</summary>
    public void RateLimitNextRestRequest() => Interlocked.Exchange(ref _rateLimitNext, 1);

    public static Task<FakeBitmexServer> StartAsync(params Func<FakeBitmexConnection, Task>[] scripts) => StartAsync(0, scripts);

    /// <summary>Starts the server on <paramref name="port"/> of 127.0.0.1 (0: any free port), for a client configured before
    /// the server exists.</summary>
    public static async Task<FakeBitmexServer> StartAsync(int port, params Func<FakeBitmexConnection, Task>[] scripts)
    {
        if (scripts.Length == 0) throw new ArgumentException("give at least one connection script", nameof(scripts));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeBitmexServer? server = null;
        app.UseWebSockets();
        app.Map("/realtime", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest || server!._refuses)
            {
                context.Response.StatusCode = server!._refuses ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var index = Interlocked.Increment(ref server!._connections) - 1;
            var connection = new FakeBitmexConnection(socket, index);
            await scripts[Math.Min(index, scripts.Length - 1)](connection);
        });
        app.MapGet("/api/v1/trade", (HttpContext context, string symbol, string startTime, int? count, int? start) => server!.Trades(context, symbol, startTime, count, start));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeBitmexServer(app, new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/realtime"));
        return server;
    }

    private IResult Trades(HttpContext context, string symbol, string startTime, int? count, int? start)
    {
        Interlocked.Increment(ref _restRequests);
        if (Interlocked.Exchange(ref _rateLimitNext, 0) == 1)
        {
            context.Response.Headers.RetryAfter = "1";
            return Results.Text("""{"error":{"message":"Rate limit exceeded, retry in 1 seconds.","name":"RateLimitError"}}""", "application/json",
                statusCode: StatusCodes.Status429TooManyRequests);
        }
        var from = DateTimeOffset.Parse(startTime, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime;
        List<Trade> page;
        lock (_lock)
            page = _history.Where(t => t.Instrument.Symbol == symbol && t.Time >= from).Skip(start ?? 0).Take(Math.Clamp(count ?? 100, 1, 1000)).ToList();
        return Results.Text($"[{string.Join(',', page.Select(FakeBitmexConnection.TradeJson))}]", "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
