using System.Net.Http.Headers;
using System.Text.Json;
using MarketAnalytics.Api.Hosting;

namespace MarketAnalytics.Api.Tests.Exchange;

/// <summary>The real host on Kestrel at 127.0.0.1 over a fresh data directory, with the internal exchange, an admin key and no
/// ingest; helpers to call the exchange's API as the admin or as a user.</summary>
public sealed class ExchangeHost : IAsyncDisposable
{
    public const string AdminKey = "exchange-test-admin";

    private readonly ApiHost _host;

    private ExchangeHost(ApiHost host) => _host = host;

    public HttpClient Client => _host.Client;

    public IServiceProvider Services => _host.Services;

    public static async Task<ExchangeHost> StartAsync(Role? roles = null, params string[] settings) =>
        new(await ApiHost.StartAsync(roles ?? Role.Api, clock: null, prepare: null, [$"--Api:AdminKey={AdminKey}", .. settings]));

    /// <summary>Starts the host after <paramref name="prepare"/> has filled its data directory.</summary>
    public static async Task<ExchangeHost> StartAsync(Func<string, Task> prepare) =>
        new(await ApiHost.StartAsync(Role.Api, clock: null, prepare, [$"--Api:AdminKey={AdminKey}"]));

    /// <summary>Like <see cref="SendAsync"/>, with the answer's media type.</summary>
    public async Task<(int Status, JsonElement Body, string? MediaType)> SendWithTypeAsync(HttpMethod method, string path, string? key, object? body = null)
    {
        var (status, json, mediaType, _) = await _host.SendAsync(method, path, key, body);
        return (status, json, mediaType);
    }

    /// <summary>Sends <paramref name="body"/> (serialized as JSON, or sent as is when a string) with <paramref name="key"/> in
    /// X-Api-Key (none when null); the answer's status and JSON body (undefined when empty).</summary>
    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? key, object? body = null)
    {
        var (status, json, _, _) = await _host.SendAsync(method, path, key, body);
        return (status, json);
    }

    /// <summary>Like <see cref="SendAsync"/> but asserts a 2xx answer and returns its body.</summary>
    public async Task<JsonElement> OkAsync(HttpMethod method, string path, string? key, object? body = null)
    {
        var (status, json) = await SendAsync(method, path, key, body);
        Assert.True(status is >= 200 and < 300, $"{method} {path} answered {status}: {json}");
        return json;
    }

    /// <summary>Creates a user (as the admin) and credits them; returns the user's id and API key.</summary>
    public async Task<(long Id, string Key)> CreateUserAsync(params (string Asset, decimal Amount)[] credits)
    {
        var user = await OkAsync(HttpMethod.Post, "/api/v1/users", AdminKey);
        var id = user.GetProperty("user_id").GetInt64();
        foreach (var (asset, amount) in credits)
            await OkAsync(HttpMethod.Post, $"/api/v1/wallets/{id}/credit", AdminKey, new { asset, amount, reference = $"seed-{id}-{asset}" });
        return (id, user.GetProperty("api_key").GetString()!);
    }

    /// <summary>Places an order as the user of <paramref name="key"/>; the answer (any status) is returned.</summary>
    public Task<JsonElement> PlaceAsync(string key, object order) => OkAsync(HttpMethod.Post, "/api/v1/orders", key, order);

    /// <summary>Opens <c>/api/v1/stream</c> as the user of <paramref name="key"/>; the caller reads the response stream.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string key, string query, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stream" + query);
        request.Headers.Add("X-Api-Key", key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        return response;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
