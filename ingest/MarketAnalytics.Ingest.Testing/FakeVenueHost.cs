using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>The server half every fake venue shares: Kestrel on 127.0.0.1 (a free port), one WebSocket path, the venue's REST
/// routes, and the outage controls a test needs — drop every connection, refuse new ones, answer the next REST call 429.</summary>
/// <remarks>A protocol-level fake, as the venues themselves cannot be reached from tests. The venue's fake handles what clients
/// send (<c>onMessage</c>) and broadcasts to the sockets it marked subscribed (<see cref="FakeVenueSocket.IsSubscribedToAny"/>).</remarks>
public sealed class FakeVenueHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<FakeVenueSocket, byte> _sockets = new();
    private int _connections;
    private int _restRequests;
    private int _rateLimited;
    private int _rateLimitNext;
    private volatile bool _refuses;

    private FakeVenueHost(WebApplication app) => _app = app;

    /// <summary>Base address of the WebSocket API, <c>ws://127.0.0.1:port</c> (no path).</summary>
    public Uri WebSocketUrl { get; private set; } = null!;

    /// <summary>Base address of the REST API, <c>http://127.0.0.1:port</c> (no path).</summary>
    public Uri RestUrl { get; private set; } = null!;

    /// <summary>WebSocket connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Open connections whose client has subscribed.</summary>
    public int SubscribedCount => _sockets.Keys.Count(s => s.IsSubscribedToAny);

    /// <summary>REST requests answered so far, rate-limited ones included.</summary>
    public int RestRequestCount => Volatile.Read(ref _restRequests);

    /// <summary>REST requests answered 429 so far.</summary>
    public int RateLimitedCount => Volatile.Read(ref _rateLimited);

    /// <summary>While true, WebSocket upgrades are answered 503, as an unreachable venue's load balancer would.</summary>
    public bool RefusesConnections
    {
        get => _refuses;
        set => _refuses = value;
    }

    /// <summary>Starts the host; <paramref name="webSocketPath"/> is where clients connect, <paramref name="onMessage"/> handles each
    /// text message a client sends, <paramref name="mapRest"/> adds the venue's REST routes.</summary>
    public static async Task<FakeVenueHost> StartAsync(string webSocketPath, Func<FakeVenueSocket, string, Task> onMessage, Action<WebApplication> mapRest)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new FakeVenueHost(app);
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            if (context.WebSockets.IsWebSocketRequest)
            {
                await next(context);
                return;
            }
            Interlocked.Increment(ref host._restRequests);
            if (Interlocked.Exchange(ref host._rateLimitNext, 0) == 1)
            {
                Interlocked.Increment(ref host._rateLimited);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return;
            }
            await next(context);
        });
        app.Map(webSocketPath, async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest || host._refuses)
            {
                context.Response.StatusCode = host._refuses ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
                return;
            }
            using var webSocket = await context.WebSockets.AcceptWebSocketAsync();
            var socket = new FakeVenueSocket(webSocket, context.Request.Path);
            Interlocked.Increment(ref host._connections);
            host._sockets[socket] = 0;
            try
            {
                var buffer = new byte[64 * 1024];
                while (await socket.ReceiveAsync(buffer) is { } text) await onMessage(socket, text);
            }
            finally
            {
                host._sockets.TryRemove(socket, out _);
            }
        });
        mapRest(app);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        host.RestUrl = new Uri($"http://127.0.0.1:{address.Port}");
        host.WebSocketUrl = new Uri($"ws://127.0.0.1:{address.Port}");
        return host;
    }

    /// <summary>Sends <paramref name="text"/> to every subscribed connection.</summary>
    public async Task BroadcastAsync(string text)
    {
        foreach (var socket in _sockets.Keys)
            if (socket.IsSubscribedToAny) await socket.SendAsync(text);
    }

    /// <summary>Cuts every open connection without a close handshake.</summary>
    public void DropConnections()
    {
        foreach (var socket in _sockets.Keys) socket.Drop();
    }

    /// <summary>The next REST request is answered <c>429 Too Many Requests</c> with <c>Retry-After: 1</c>.</summary>
    public void RateLimitNextRestRequest() => Interlocked.Exchange(ref _rateLimitNext, 1);

    public async ValueTask DisposeAsync()
    {
        DropConnections();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
