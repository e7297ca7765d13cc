using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Sources;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Api.Tests.LiveSources;

/// <summary><c>run --source all</c> without a network: every venue's reader keeps retrying, its state shows in <c>/health</c>,
/// and the API keeps answering.</summary>
public sealed class AllSourcesOfflineTests
{
    [Fact]
    public async Task With_every_venue_unreachable_the_API_stays_up_and_health_shows_each_source_degraded_and_retrying()
    {
        // A port nothing listens on stands for a network that is down.
        var closed = FreePort();
        var settings = MarketVenues.Names.SelectMany(venue => VenueHost.VenueSettings(venue, new Uri($"ws://127.0.0.1:{closed}"), new Uri($"http://127.0.0.1:{closed}"))).ToList();
        using var data = new DataDirectory();
        await using var host = await VenueHost.StartAsync(data.Path, ["--Ingest:Sources=all", .. settings]);

        JsonElement health = default;
        await Eventually.TrueAsync(async () =>
        {
            health = JsonDocument.Parse(await host.Client.GetStringAsync("/health")).RootElement.Clone();
            return MarketVenues.Names.All(venue => Source(health, venue).GetProperty("data").GetProperty("reconnects").GetInt32() >= 3);
        }, "every source retried three times");

        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.Equal("all", health.GetProperty("source").GetString());
        foreach (var venue in MarketVenues.Names)
        {
            var source = Source(health, venue);
            Assert.Equal("Degraded", source.GetProperty("status").GetString());
            Assert.False(source.GetProperty("data").GetProperty("connected").GetBoolean());
            Assert.StartsWith("not connected: ", source.GetProperty("description").GetString());
        }
        using var symbols = await host.Client.GetAsync("/api/v1/symbols");
        Assert.Equal(HttpStatusCode.OK, symbols.StatusCode);
    }

    private static JsonElement Source(JsonElement health, string venue) => health.GetProperty("components").GetProperty($"source:{venue}");

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
