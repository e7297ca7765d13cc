using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>A WebSocket server on 127.0.0.1 that speaks BitMEX's realtime protocol, each connection following a test's script.</summary>
/// <remarks>A protocol-level fake, as BitMEX itself cannot be reached from tests. The n-th connection runs the n-th script (the
/// last script for every later one); the connection ends when its script returns, or at once if the script calls
/// <see cref="FakeBitmexConnection.Drop"/>.</remarks>
public sealed class FakeBitmexServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;

    private FakeBitmexServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The realtime endpoint, <c>ws://127.0.0.1:port/realtime</c>.</summary>
    public Uri Url { get; }

    public int ConnectionCount => Volatile.Read(ref _connections);

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
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var index = Interlocked.Increment(ref server!._connections) - 1;
            var connection = new FakeBitmexConnection(socket, index);
            await scripts[Math.Min(index, scripts.Length - 1)](connection);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeBitmexServer(app, new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/realtime"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
