using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Api.Tests.Observability;

/// <summary><c>/health</c>, <c>/health/live</c> and <c>/health/ready</c> of the real host, with the BitMEX reader pointed at a
/// local BitMEX-protocol server.</summary>
public sealed class HealthEndpointTests
{
    private static readonly DateTime Start = new(2021, 7, 22, 22, 36, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Health_is_degraded_while_the_reader_cannot_connect_and_healthy_once_it_connects()
    {
        var port = FreePort();
        await using var host = await ApiHost.StartAsync(Role.Run, settings: ReaderSettings(port));

        var down = await ReadHealthAsync(host, "/health", "the reader's failed connects",
            (_, body) => Source(body).GetProperty("data").GetProperty("reconnects").GetInt32() >= 1);
        Assert.Equal((HttpStatusCode.OK, "Degraded"), (down.Status, down.Body.GetProperty("status").GetString()));
        Assert.Equal("Degraded", Source(down.Body).GetProperty("status").GetString());
        Assert.False(Source(down.Body).GetProperty("data").GetProperty("connected").GetBoolean());
        Assert.StartsWith("not connected: ", Source(down.Body).GetProperty("description").GetString());
        Assert.Equal("run", down.Body.GetProperty("role").GetString());
        Assert.Equal("bitmex", down.Body.GetProperty("source").GetString());

        await using var server = await FakeBitmexServer.StartAsync(port, async connection =>
        {
            await connection.SendWelcomeAsync();
            await connection.AcceptSubscriptionAsync();
            await connection.SendTradesAsync("partial", TradeNumber(1), TradeNumber(2));
            await connection.Closed;
        });
        var up = await ReadHealthAsync(host, "/health", "Healthy after connecting", (_, body) => body.GetProperty("status").GetString() == "Healthy");

        Assert.Equal(HttpStatusCode.OK, up.Status);
        Assert.True(Source(up.Body).GetProperty("data").GetProperty("connected").GetBoolean());
        Assert.Equal(["aggregation", "exchange", "log", "source:bitmex", "store"],
            up.Body.GetProperty("components").EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(up.Body.GetProperty("components").EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Live_and_ready_answer_while_a_source_is_down_and_ready_leaves_the_source_out()
    {
        await using var host = await ApiHost.StartAsync(Role.Run, settings: ReaderSettings(FreePort()));

        var live = await ReadHealthAsync(host, "/health/live", "liveness", (_, _) => true);
        var ready = await ReadHealthAsync(host, "/health/ready", "readiness", (_, _) => true);
        var all = await ReadHealthAsync(host, "/health", "a failed connect",
            (_, body) => Source(body).GetProperty("data").GetProperty("reconnects").GetInt32() >= 1);

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (ready.Status, ready.Body.GetProperty("status").GetString()));
        Assert.Equal(["exchange", "log", "store"], ready.Body.GetProperty("components").EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Degraded", all.Body.GetProperty("status").GetString());
    }

    private static string[] ReaderSettings(int port) =>
    [
        "--Ingest:Source=bitmex", $"--Ingest:Bitmex:Url=ws://127.0.0.1:{port}/realtime", "--Ingest:Bitmex:Symbols:0=XBTUSD",
        "--Ingest:Bitmex:ReconnectBaseDelay=00:00:00.020", "--Ingest:Bitmex:ReconnectMaxDelay=00:00:00.200",
        "--Aggregation:PollInterval=00:00:00.050",
    ];

    private static JsonElement Source(JsonElement body) => body.GetProperty("components").GetProperty("source:bitmex");

    // A port nothing listens on until the test starts its server there.
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadHealthAsync(
        ApiHost host, string path, string what, Func<HttpStatusCode, JsonElement, bool> until)
    {
        (HttpStatusCode, JsonElement) last = default;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await host.Client.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            last = (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
            return until(last.Item1, last.Item2);
        }, what);
        return last;
    }

    private static Trade TradeNumber(int n) => new(InstrumentId.Of(Venues.Bitmex, "XBTUSD"), $"00000000-0000-0000-0000-{n:D12}",
        Start.AddSeconds(n), 32000m + n, 0.0031m * n, 100m * n, TakerSide.Buy, 100m * n);
}
