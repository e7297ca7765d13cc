using System.Net.Http.Json;
using System.Text.Json;
using MarketAnalytics.Api.Commands;
using MarketAnalytics.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Api.Tests.Jobs;

/// <summary>The real host on Kestrel at 127.0.0.1 over a fresh data directory, with the roles and settings a jobs test needs.</summary>
public sealed class JobsHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";

    private readonly WebApplication _app;
    private readonly string _directory;

    private JobsHost(WebApplication app, string directory, Uri address)
    {
        _app = app;
        _directory = directory;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public string DataDirectory => _directory;

    /// <summary>Starts the host; <paramref name="clock"/> replaces the system clock when given, <paramref name="prepare"/> may fill
    /// the data directory before the host opens it.</summary>
    public static async Task<JobsHost> StartAsync(
        PipelineRoles roles, string? adminKey = AdminKey, TimeProvider? clock = null, Func<string, Task>? prepare = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ma-jobs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        if (prepare is not null) await prepare(directory);
        var settings = new List<string> { $"--DataDirectory={directory}", "--Urls=http://127.0.0.1:0", "--Ingest:Source=none", "--Jobs:PollInterval=00:00:00.200" };
        if (adminKey is not null) settings.Add($"--Api:AdminKey={adminKey}");
        var builder = ServeCommand.CreateBuilder([.. settings], roles);
        if (clock is not null) builder.Services.AddSingleton(clock);
        var app = builder.Build();
        app.MapPipeline(roles);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new JobsHost(app, directory, new Uri(address));
    }

    /// <summary>POSTs <paramref name="body"/> as JSON with <paramref name="key"/> in X-Api-Key (none when null).</summary>
    public async Task<(int Status, JsonElement Body, string? MediaType)> PostAsync(string path, object? body, string? key = AdminKey)
    {
        var (status, json, mediaType, _) = await PostForLocationAsync(path, body, key);
        return (status, json, mediaType);
    }

    /// <summary>Like <see cref="PostAsync"/>, with the Location header of the answer.</summary>
    public async Task<(int Status, JsonElement Body, string? MediaType, string? Location)> PostForLocationAsync(string path, object? body, string? key = AdminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body ?? new { }) };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, json, response.Content.Headers.ContentType?.MediaType, response.Headers.Location?.OriginalString);
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
