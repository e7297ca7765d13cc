using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MarketAnalytics.Api;
using MarketAnalytics.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.LoadTest;

/// <summary><c>loadtest</c>: drives the internal exchange's order API over HTTP from many connections and prints throughput and
/// latency percentiles.</summary>
/// <remarks>Without <c>--url</c> it starts its own all-in-one host (every role, no ingest) on 127.0.0.1 over a temporary data
/// directory and removes it afterwards. It creates one user per connection and credits them (over <see cref="HttpClient"/>), then
/// each connection, a raw keep-alive HTTP/1.1 socket with pre-built requests so the client costs little CPU, sends the order mix
/// of <see cref="TraderConnection"/> with up to <c>--pipeline</c> requests in flight, for <c>--seconds</c> after an unmeasured
/// warm-up of <c>--warmup</c> seconds, 10 by default (on a busy 2-core machine a quarter of the process's CPU still goes to the
/// JIT's recompiling of hot paths 9–17 s after the start). Every request is an order command:
/// placements and cancels are the "orders" of orders/s, which counts the measured answers over the time from the end of the
/// warm-up to the last of them; latency is the client's, from handing a request to the socket to having read its whole
/// answer.</remarks>
public static class LoadTestCommand
{
    private static readonly Option<string> Url = new("--url")
    {
        Description = "a running instance, http://HOST:PORT (default: an all-in-one host of its own on 127.0.0.1 and a temporary data directory)",
        HelpName = "URL",
    };

    private static readonly Option<int> Seconds = Count("--seconds", "measured seconds", 10, 3600);

    private static readonly Option<int> Warmup = Count("--warmup", "unmeasured warm-up seconds before them", 10, 3600);

    private static readonly Option<int> Connections = Count("--connections", "keep-alive connections, one trader each", 32, 4096);

    private static readonly Option<int> Pipeline = Count("--pipeline", "requests in flight per connection", 1, 256);

    private static readonly Option<string> AdminKey = new("--admin-key")
    {
        Description = "the admin key of the instance at --url (default: environment Api__AdminKey)", HelpName = "K",
    };

    private static readonly Option<string> DataDirectory = new("--data-dir")
    {
        Description = "the own host's data directory instead of a temporary one", HelpName = "DIR",
    };

    public static RootCommand Create()
    {
        var command = new RootCommand("drives the internal exchange's order API (limit orders and cancels) over raw keep-alive HTTP/1.1 connections " +
            "and prints the mix, orders/s, latency percentiles (send to full answer), errors and CPU per order")
        {
            Url, Seconds, Warmup, Connections, Pipeline, AdminKey, DataDirectory,
        };
        command.SetAction((result, ct) => RunAsync(result, result.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult line, TextWriter output, CancellationToken ct)
    {
        var seconds = line.GetValue(Seconds);
        var warmup = line.GetValue(Warmup);
        var connections = line.GetValue(Connections);
        var pipeline = line.GetValue(Pipeline);
        var url = line.GetValue(Url);

        WebApplication? host = null;
        string? temporary = null;
        var adminKey = line.GetValue(AdminKey) ?? Environment.GetEnvironmentVariable("Api__AdminKey");
        if (url is null)
        {
            adminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var settings = new List<string> { "--Urls=http://127.0.0.1:0", "--Ingest:Source=none", $"--Api:AdminKey={adminKey}" };
            if (line.GetValue(DataDirectory) is { } directory) settings.Add($"--DataDirectory={directory}");
            else
            {
                temporary = Path.Combine(Path.GetTempPath(), "ma-loadtest-" + Guid.NewGuid().ToString("N"));
                settings.Add($"--DataDirectory={temporary}");
            }
            var builder = MarketAnalyticsApp.CreateBuilder([.. settings], Role.Run);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            host = builder.Build();
            host.MapMarketAnalytics(Role.Run);
            await host.StartAsync(ct);
            url = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
        else if (string.IsNullOrEmpty(adminKey)) throw new LoadTestException("loadtest --url needs the admin key: --admin-key K or Api__AdminKey");

        try
        {
            var server = new Uri(url);
            if (server.Scheme != Uri.UriSchemeHttp) throw new LoadTestException($"loadtest speaks plain HTTP/1.1; --url must be http://, not '{url}'");
            var endPoint = new IPEndPoint((await Dns.GetHostAddressesAsync(server.Host, ct))[0], server.Port);
            // The whole run is bounded: setup, the measured seconds and a margin, whatever the server does.
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bounded.CancelAfter(TimeSpan.FromSeconds((warmup + seconds) * 1.1 + 120));
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4, UseProxy = false })
            {
                BaseAddress = server,
                Timeout = TimeSpan.FromSeconds(30),
            };
            await output.WriteLineAsync($"loadtest: {connections} connections, pipeline {pipeline} request(s) in flight per connection, " +
                $"{seconds} s (+{warmup} s warm-up) against {url}" + (host is null ? "" : " (own all-in-one host, temporary data directory)"));
            await output.WriteLineAsync(LoadTestReport.Mix);
            var traders = await CreateTradersAsync(client, adminKey!, connections, bounded.Token);
            var report = new LoadTestReport(inProcessServer: host is not null);
            var warmEnd = Stopwatch.GetTimestamp() + (long)warmup * Stopwatch.Frequency;
            var end = warmEnd + (long)seconds * Stopwatch.Frequency;
            var runs = traders.Select((t, i) => new TraderConnection(new TraderRequests(server.Authority, t.ApiKey), pipeline, i))
                .Select(c => Task.Run(() => c.RunAsync(endPoint, warmEnd, end, bounded.Token))).ToArray();
            await report.StartAtAsync(warmEnd, bounded.Token);
            var results = await Task.WhenAll(runs);
            await report.WriteAsync(output, results, warmEnd);
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

    /// <summary>A whole-number option from 1 to <paramref name="max"/>.</summary>
    private static Option<int> Count(string name, string description, int fallback, int max) => new(name)
    {
        Description = $"{description}, 1 to {max}",
        HelpName = "N",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max) return value;
            result.AddError($"{name} must be a whole number from 1 to {max}, not '{text}'");
            return 0;
        },
    };

    private sealed record Trader(long UserId, string ApiKey);

    private static async Task<List<Trader>> CreateTradersAsync(HttpClient client, string adminKey, int count, CancellationToken ct)
    {
        var traders = new List<Trader>(count);
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < count; i++)
        {
            var user = await SendAsync(client, HttpMethod.Post, "/api/v1/users", adminKey, null, ct);
            var trader = new Trader(user.GetProperty("user_id").GetInt64(), user.GetProperty("api_key").GetString()!);
            // Far more than a trader's resting orders and its random walk of fills need, and small enough that 4,096 traders (and
            // repeated runs against one instance) stay inside the exchange's bound on the credits of an asset (10^10).
            foreach (var (asset, amount) in new[] { ("USDT", 1_000_000m), ("BTC", 20m) })
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
        if (!response.IsSuccessStatusCode) throw new LoadTestException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

}
