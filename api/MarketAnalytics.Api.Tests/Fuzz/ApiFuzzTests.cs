using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using MarketAnalytics.Api.Tests.Exchange;
using Xunit.Abstractions;

namespace MarketAnalytics.Api.Tests.Fuzz;

/// <summary>Thousands of generated hostile requests against every endpoint of one host: never a 5xx, every 4xx a problem+json
/// (or, from the Binance-compatible endpoints under <c>/venues/</c>, Binance's <c>{"code", "msg"}</c>), and afterwards the exchange still takes a normal order.</summary>
/// <remarks>The requests come from a fixed seed (<c>MA_FUZZ_SEED</c> overrides it, <c>MA_FUZZ_REQUESTS</c> the count), printed
/// with the results, so a failure reproduces: the same seed gives the same requests, and each failure is shown whole.</remarks>
public sealed partial class ApiFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const ulong DefaultSeed = 20261207;
    private const int DefaultRequests = 5000;
    private const int Parallel = 8;
    private const int MaxFailuresShown = 40;

    private ExchangeHost _host = null!;

    public async Task InitializeAsync() => _host = await ExchangeHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Hostile_requests_to_every_endpoint_never_get_a_5xx_and_every_4xx_is_problem_json_and_the_exchange_still_trades()
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("MA_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var count = int.TryParse(Environment.GetEnvironmentVariable("MA_FUZZ_REQUESTS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultRequests;
        var (userId, userKey) = await _host.CreateUserAsync(("USDT", 1_000_000m), ("BTC", 100m), ("ETH", 100m));
        var resting = await _host.PlaceAsync(userKey, new { symbol = "BTC-USDT", side = "buy", price = 100m, quantity = 0.01m });
        var orderId = resting.GetProperty("order_id").GetInt64();
        var requests = new FuzzRequests(userId, orderId).Any.Sample(count, new Rnd(seed, 0x9E3779B97F4A7C15UL), 50);
        output.WriteLine($"fuzz seed {seed} (MA_FUZZ_SEED={seed} reproduces), {requests.Length} requests");

        var failures = new ConcurrentBag<(int Index, string Problem)>();
        var statuses = new ConcurrentDictionary<int, int>();
        var started = Stopwatch.StartNew();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await System.Threading.Tasks.Parallel.ForEachAsync(Enumerable.Range(0, requests.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Parallel }, async (i, ct) =>
            {
                var (status, problem) = await SendAsync(client, requests[i], userKey, ct);
                statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                if (problem is not null) failures.Add((i, problem));
            });
        started.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{requests.Length} requests in {started.Elapsed.TotalSeconds:F1} s; statuses {string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}"));

        // One line per distinct answer, with the first request that got it, so a few causes are not buried under their repeats.
        var shown = failures.OrderBy(f => f.Index).GroupBy(f => f.Problem).Take(MaxFailuresShown)
            .Select(g => $"{g.Count()}× {g.Key}\n    first #{g.First().Index}: {requests[g.First().Index]}");
        Assert.True(failures.IsEmpty,
            $"seed {seed}: {failures.Count} of {requests.Length} requests broke the rules:\n{string.Join("\n", shown)}");

        await _host.OkAsync(HttpMethod.Get, "/health", null);
        var (_, traderKey) = await _host.CreateUserAsync(("USDT", 1000m));
        var order = await _host.PlaceAsync(traderKey, new { symbol = "BTC-USDT", side = "buy", type = "limit", price = 100.00m, quantity = 0.01m });
        Assert.Equal("open", order.GetProperty("status").GetString());
    }

    // The answer's status and, when it breaks a rule, what was wrong with it.
    private async Task<(int Status, string? Problem)> SendAsync(HttpClient client, FuzzRequest request, string userKey, CancellationToken ct)
    {
        var uri = new Uri(_host.Client.BaseAddress!.GetLeftPart(UriPartial.Authority) + request.PathAndQuery,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        var key = request.Key switch
        {
            FuzzKey.User => userKey,
            FuzzKey.Admin => ExchangeHost.AdminKey,
            FuzzKey.Garbage => "mak_' OR '1'='1' --",
            _ => null,
        };
        var binance = request.PathAndQuery.StartsWith("/venues/", StringComparison.Ordinal);
        if (key is not null) message.Headers.TryAddWithoutValidation(binance ? "X-MBX-APIKEY" : "X-Api-Key", key);
        if (request.LastEventId is { } lastEventId) message.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body.ToBytes());
            message.Content.Headers.ContentType = null;
            if (request.ContentType is { } contentType) message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        try
        {
            // Headers only: a stream's answer is a 200 that never ends, and the rules are about the status and the content type.
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (status < 400) return (status, null);
            // A path that reaches no endpoint (e.g. /venues/%2e%2e/… normalized away) gets the app's own problem+json.
            if (status < 500 && mediaType == "application/problem+json") return (status, null);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            // Without the trace id, so the same answer to many requests is reported once.
            var text = TraceId().Replace(await response.Content.ReadAsStringAsync(timeout.Token), "");
            if (status < 500 && binance && mediaType == "application/json" && IsBinanceError(text)) return (status, null);
            return (status, $"{status} {mediaType ?? "(no content type)"}: {(text.Length > 300 ? text[..300] + "…" : text)}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            return (0, $"no answer: {e.GetType().Name}: {e.Message}");
        }
    }

    // Binance's error shape: {"code": a negative number, "msg": text}.
    private static bool IsBinanceError(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object &&
                root.TryGetProperty("code", out var code) && code.TryGetInt32(out var value) && value < 0 &&
                root.TryGetProperty("msg", out var msg) && msg.ValueKind == JsonValueKind.String;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex(",?\"trace_id\":\"[^\"]*\"")]
    private static partial Regex TraceId();
}
