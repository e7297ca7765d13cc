using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Api.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace MarketAnalytics.Api.Commands;

/// <summary><c>loadtest</c>: drives the internal exchange's order API over HTTP from many connections and prints throughput and
/// latency percentiles.</summary>
/// <remarks>Without <c>--url</c> it starts its own all-in-one host (every role, no ingest) on 127.0.0.1 over a temporary data
/// directory and removes it afterwards. It creates one user per connection, credits them, then each connection places limit orders
/// around one price (about half cross, half rest) and cancels its resting orders, one request at a time, for <c>--seconds</c>
/// after an unmeasured warm-up of 5 s (the JIT keeps recompiling hot paths for several seconds of load). Every request is an
/// order command: placements and cancels are the "orders" of orders/s; latency is the client's, from sending the request to
/// reading the whole answer.</remarks>
public static class LoadTestCommand
{
    private const string Symbol = "BTC-USDT";
    private const decimal Mid = 50_000m;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken ct)
    {
        line.AllowOnly("url", "seconds", "connections", "admin-key");
        var seconds = PositiveInt(line, "seconds", 10, 3600);
        var connections = PositiveInt(line, "connections", 32, 4096);
        var url = line.Get("url");

        WebApplication? host = null;
        string? temporary = null;
        var adminKey = line.Get("admin-key") ?? Environment.GetEnvironmentVariable("Api__AdminKey");
        if (url is null)
        {
            adminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var settings = new List<string> { "--Urls=http://127.0.0.1:0", "--Ingest:Source=none", $"--Api:AdminKey={adminKey}" };
            if (line.Get("data-dir") is null)
            {
                temporary = Path.Combine(Path.GetTempPath(), "ma-loadtest-" + Guid.NewGuid().ToString("N"));
                settings.Add($"--DataDirectory={temporary}");
            }
            else settings.AddRange(line.SettingArguments().Where(s => s.StartsWith("--DataDirectory=", StringComparison.Ordinal)));
            var builder = ServeCommand.CreateBuilder([.. settings], PipelineRoles.All);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            host = builder.Build();
            host.MapPipeline(PipelineRoles.All);
            await host.StartAsync(ct);
            url = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
        else if (string.IsNullOrEmpty(adminKey)) throw new CommandLineException("loadtest --url needs the admin key: --admin-key K or Api__AdminKey");

        try
        {
            // The whole run is bounded: setup, the measured seconds and a margin, whatever the server does.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bounded.CancelAfter(TimeSpan.FromSeconds(seconds * 1.1 + 120));
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false })
            {
                BaseAddress = new Uri(url),
                Timeout = TimeSpan.FromSeconds(30),
            };
            await output.WriteLineAsync($"loadtest: {connections} connections, {seconds} s (+{Warmup.TotalSeconds:0} s warm-up) against {url}" +
                (host is null ? "" : " (own all-in-one host, temporary data directory)"));
            var traders = await CreateTradersAsync(client, adminKey!, connections, bounded.Token);
            var warmEnd = Stopwatch.GetTimestamp() + (long)(Warmup.TotalSeconds * Stopwatch.Frequency);
            var end = warmEnd + (long)seconds * Stopwatch.Frequency;
            var results = await Task.WhenAll(traders.Select((t, i) => Task.Run(() => TradeAsync(client, t, i, warmEnd, end, bounded.Token))));
            await Report(output, results, seconds);
            return results.Sum(r => r.Errors) == 0 ? 0 : 1;
        }
        finally
        {
            if (host is not null)
            {
                await host.StopAsync(CancellationToken.None);
                await host.DisposeAsync();
            }
            if (temporary is not null)
            {
                try { Directory.Delete(temporary, recursive: true); }
                catch (IOException) { }
            }
        }
    }

    private static int PositiveInt(CommandLine line, string name, int fallback, int max)
    {
        var text = line.Get(name);
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max) return value;
        throw new CommandLineException($"--{name} must be a whole number from 1 to {max}, not '{text}'");
    }

    private sealed record Trader(long UserId, string ApiKey);

    private sealed class Outcome
    {
        public readonly List<long> Latencies = new(1 << 16);
        public long Placed;
        public long Canceled;
        public long CancelTooLate;
        public long Fills;
        public long Rejected;
        public long Errors;
        public string? FirstError;
    }

    private static async Task<List<Trader>> CreateTradersAsync(HttpClient client, string adminKey, int count, CancellationToken ct)
    {
        var traders = new List<Trader>(count);
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < count; i++)
        {
            var user = await SendAsync(client, HttpMethod.Post, "/api/v1/users", adminKey, null, ct);
            var trader = new Trader(user.GetProperty("user_id").GetInt64(), user.GetProperty("api_key").GetString()!);
            foreach (var (asset, amount) in new[] { ("USDT", 1_000_000_000m), ("BTC", 1_000_000m) })
                await SendAsync(client, HttpMethod.Post, $"/api/v1/wallets/{trader.UserId}/credit", adminKey,
                    new { asset, amount, reference = $"loadtest-{run}-{trader.UserId}-{asset}" }, ct);
            traders.Add(trader);
        }
        return traders;
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, string key, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new CommandLineException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>One connection's loop: 35% cancels of its oldest resting order (all cancels above 50 resting), otherwise a limit order
    /// of 1-10 lots of 0.001 BTC at the mid price ± 8 ticks on a random side.</summary>
    private static async Task<Outcome> TradeAsync(HttpClient client, Trader trader, int seed, long warmEnd, long end, CancellationToken ct)
    {
        var outcome = new Outcome();
        var random = new Random(seed);
        var resting = new Queue<long>();
        while (!ct.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= end) break;
            var cancel = resting.Count > 50 || (resting.Count > 0 && random.NextDouble() < 0.35);
            using var request = cancel
                ? new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/orders/{resting.Dequeue()}")
                : new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = OrderBody(random) };
            request.Headers.Add("X-Api-Key", trader.ApiKey);
            int status;
            byte[] body;
            try
            {
                using var response = await client.SendAsync(request, ct);
                body = await response.Content.ReadAsByteArrayAsync(ct);
                status = (int)response.StatusCode;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (HttpRequestException e)
            {
                outcome.Errors++;
                outcome.FirstError ??= e.Message;
                continue;
            }
            var stop = Stopwatch.GetTimestamp();
            var measured = start >= warmEnd;
            if (measured) outcome.Latencies.Add(stop - start);
            if (status == 200)
            {
                using var json = JsonDocument.Parse(body);
                var order = json.RootElement;
                if (cancel)
                {
                    if (measured) outcome.Canceled++;
                    continue;
                }
                var state = order.GetProperty("status").GetString();
                if (measured)
                {
                    outcome.Placed++;
                    outcome.Fills += order.GetProperty("trades").GetArrayLength();
                    if (state == "rejected") outcome.Rejected++;
                }
                if (state is "open" or "partially_filled") resting.Enqueue(order.GetProperty("order_id").GetInt64());
            }
            else if (cancel && status == 409)
            {
                // Filled by another connection before the cancel arrived: a normal answer of a live market.
                if (measured) outcome.CancelTooLate++;
            }
            else
            {
                outcome.Errors++;
                outcome.FirstError ??= $"{status}: {Encoding.UTF8.GetString(body)}";
            }
        }
        return outcome;
    }

    private static ByteArrayContent OrderBody(Random random)
    {
        var side = random.Next(2) == 0 ? "buy" : "sell";
        var price = Mid + random.Next(-8, 9) * 0.01m;
        var quantity = random.Next(1, 11) * 0.001m;
        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{"symbol":"{{Symbol}}","side":"{{side}}","type":"limit","price":{{price}},"quantity":{{quantity}},"time_in_force":"gtc"}""");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private static async Task Report(TextWriter output, Outcome[] results, int seconds)
    {
        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var placed = results.Sum(r => r.Placed);
        var canceled = results.Sum(r => r.Canceled);
        var tooLate = results.Sum(r => r.CancelTooLate);
        var errors = results.Sum(r => r.Errors);
        var requests = placed + canceled + tooLate;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"requests: {requests} in {seconds} s = {requests / (double)seconds:0} orders/s (placed {placed} of which rejected {results.Sum(r => r.Rejected)}, canceled {canceled}, cancel after fill {tooLate}; trades {results.Sum(r => r.Fills)}; errors {errors})"));
        if (latencies.Length > 0)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"latency ms: p50 {Ms(latencies, 0.50):0.00}  p90 {Ms(latencies, 0.90):0.00}  p99 {Ms(latencies, 0.99):0.00}  max {Ms(latencies, 1):0.00}"));
        if (results.Select(r => r.FirstError).FirstOrDefault(e => e is not null) is { } first) await output.WriteLineAsync($"first error: {first}");
    }

    /// <summary>The latency at quantile <paramref name="q"/> (nearest rank) in milliseconds.</summary>
    private static double Ms(long[] sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;
}
