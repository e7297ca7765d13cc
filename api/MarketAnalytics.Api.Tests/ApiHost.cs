using System.Text.Json;
using MarketAnalytics.Aggregate;
using MarketAnalytics.Api.Commands;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MarketAnalytics.Api.Tests;

/// <summary>The API role on Kestrel at 127.0.0.1 over a fresh data directory, with a fixed clock and trades put in the store
/// the way the aggregation job puts them.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private ApiHost(WebApplication app, string directory, HttpClient client)
    {
        _app = app;
        _directory = directory;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiHost> StartAsync(DateTime now)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ma-api-" + Guid.NewGuid().ToString("N"));
        var builder = ServeCommand.CreateBuilder([$"--DataDirectory={directory}", "--Urls=http://127.0.0.1:0"], PipelineRoles.Api);
        builder.Services.AddSingleton<TimeProvider>(new FixedClock(new DateTimeOffset(now, TimeSpan.Zero)));
        var app = builder.Build();
        app.MapPipeline(PipelineRoles.Api);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiHost(app, directory, new HttpClient { BaseAddress = new Uri(address) });
    }

    /// <summary>Aggregates <paramref name="trades"/> and commits them to the store, as the streaming job would.</summary>
    public async Task AddTradesAsync(IEnumerable<Trade> trades)
    {
        var aggregator = new TradeAggregator();
        aggregator.AddRange(trades);
        var store = Services.GetRequiredService<IAggregateStore>();
        await store.CommitAsync("test", aggregator.TakeDeltas(), [], CancellationToken.None);
        var prices = Services.GetRequiredService<IPriceCache>();
        await prices.UpdateAsync(trades.ToList(), [], CancellationToken.None);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}
