using MarketAnalytics.Aggregate;
using MarketAnalytics.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Api.Tests.LiveSources;

/// <summary>The whole <c>run</c> pipeline in this process over a data directory, with live sources chosen by the test's settings.</summary>
public sealed class VenueHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private VenueHost(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Market trades the aggregation has committed since the host started.</summary>
    public long CommittedTrades => Services.GetRequiredService<AggregationJob>().CommittedTrades;

    public static async Task<VenueHost> StartAsync(string dataDirectory, params string[] settings)
    {
        var builder = MarketAnalyticsApp.CreateBuilder(
            [$"--DataDirectory={dataDirectory}", "--Urls=http://127.0.0.1:0", "--Aggregation:PollInterval=00:00:00.050", .. settings], Role.Run);
        var app = builder.Build();
        app.MapMarketAnalytics(Role.Run);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new VenueHost(app, new Uri(address));
    }

    /// <summary>The settings that point venue <paramref name="venue"/> at a server and make it reconnect quickly.</summary>
    public static string[] VenueSettings(string venue, Uri webSocketUrl, Uri restUrl, params string[] symbols) =>
    [
        $"--Ingest:Venues:{venue}:WebSocketUrl={webSocketUrl}", $"--Ingest:Venues:{venue}:RestUrl={restUrl}",
        $"--Ingest:Venues:{venue}:ReconnectBaseDelay=00:00:00.020", $"--Ingest:Venues:{venue}:ReconnectMaxDelay=00:00:00.200",
        .. symbols.Select((s, i) => $"--Ingest:Venues:{venue}:Symbols:{i}={s}"),
    ];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
