using System.Text;
using System.Text.Json;
using MarketAnalytics.Aggregate;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MarketAnalytics.Api.Tests;

/// <summary>The real host on Kestrel at 127.0.0.1 over a fresh data directory, with the roles and settings a test asks for
/// (no ingest source); the jobs and exchange tests wrap it with helpers of their own.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiHost(WebApplication app, string directory, Uri address)
    {
        _app = app;
        DataDirectory = directory;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public string DataDirectory { get; }

    /// <summary>The API role with a clock standing still at <paramref name="now"/>.</summary>
    public static Task<ApiHost> StartAsync(DateTime now) =>
        StartAsync(Role.Api, new FakeTimeProvider(new DateTimeOffset(now, TimeSpan.Zero)));

    /// <summary>Starts the host; <paramref name="clock"/> replaces the system clock when given, <paramref name="prepare"/> may fill
    /// the data directory before the host opens it, <paramref name="settings"/> are added as <c>--Key=value</c>.</summary>
    public static async Task<ApiHost> StartAsync(
        Role roles, TimeProvider? clock = null, Func<string, Task>? prepare = null, params string[] settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ma-api-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        if (prepare is not null) await prepare(directory);
        var builder = MarketAnalyticsApp.CreateBuilder(
            [$"--DataDirectory={directory}", "--Urls=http://127.0.0.1:0", "--Ingest:Source=none", .. settings], roles);
        if (clock is not null) builder.Services.AddSingleton(clock);
        var app = builder.Build();
        app.MapMarketAnalytics(roles);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiHost(app, directory, new Uri(address));
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

    /// <summary>Sends <paramref name="body"/> (serialized as JSON, or sent as is when a string) with <paramref name="key"/> in
    /// X-Api-Key (none when null); the answer's status, JSON body (undefined when empty), media type and Location.</summary>
    public async Task<(int Status, JsonElement Body, string? MediaType, string? Location)> SendAsync(
        HttpMethod method, string path, string? key, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        if (body is not null)
            request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(),
            response.Content.Headers.ContentType?.MediaType, response.Headers.Location?.OriginalString);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { }
    }
}
