using System.Text.Json;
using MarketAnalytics.Api.Hosting;

namespace MarketAnalytics.Api.Tests.Jobs;

/// <summary>The real host on Kestrel at 127.0.0.1 over a fresh data directory, with the roles and settings a jobs test needs.</summary>
public sealed class JobsHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";

    private readonly ApiHost _host;

    private JobsHost(ApiHost host) => _host = host;

    public Uri Address => _host.Address;

    public HttpClient Client => _host.Client;

    public IServiceProvider Services => _host.Services;

    public string DataDirectory => _host.DataDirectory;

    /// <summary>Starts the host; <paramref name="clock"/> replaces the system clock when given, <paramref name="prepare"/> may fill
    /// the data directory before the host opens it; <paramref name="extraSettings"/> are more <c>--Key=value</c> settings.</summary>
    public static async Task<JobsHost> StartAsync(
        Role roles, string? adminKey = AdminKey, TimeProvider? clock = null, Func<string, Task>? prepare = null, IEnumerable<string>? extraSettings = null)
    {
        var settings = new List<string> { "--Jobs:PollInterval=00:00:00.200" };
        settings.AddRange(extraSettings ?? []);
        if (adminKey is not null) settings.Add($"--Api:AdminKey={adminKey}");
        return new JobsHost(await ApiHost.StartAsync(roles, clock, prepare, [.. settings]));
    }

    /// <summary>POSTs <paramref name="body"/> as JSON with <paramref name="key"/> in X-Api-Key (none when null).</summary>
    public async Task<(int Status, JsonElement Body, string? MediaType)> PostAsync(string path, object? body, string? key = AdminKey)
    {
        var (status, json, mediaType, _) = await PostForLocationAsync(path, body, key);
        return (status, json, mediaType);
    }

    /// <summary>Like <see cref="PostAsync"/>, with the Location header of the answer.</summary>
    public Task<(int Status, JsonElement Body, string? MediaType, string? Location)> PostForLocationAsync(string path, object? body, string? key = AdminKey) =>
        _host.SendAsync(HttpMethod.Post, path, key, body ?? new { });

    public Task<JsonElement> GetJsonAsync(string path) => _host.GetJsonAsync(path);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
