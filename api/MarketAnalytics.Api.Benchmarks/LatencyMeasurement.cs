using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Api.Benchmarks;

/// <summary>Streaming latency: from a trade leaving a BitMEX-protocol server on 127.0.0.1 to its minute candle counting it
/// through <c>/api/v1/candles</c> of the all-in-one <c>run</c> pipeline (socket, parse, durable log with fsync, aggregation
/// commit, HTTP). Trades are offered one at a time at a constant rate; each one's latency is measured on its own.</summary>
internal static class LatencyMeasurement
{
    private static readonly InstrumentId Xbt = InstrumentId.Of(Venues.Bitmex, "XBTUSD");

    public static async Task<int> RunAsync(int trades, int perSecond)
    {
        var latencies = new List<double>(trades);
        var start = new DateTime(2024, 8, 8, 12, 0, 0, DateTimeKind.Utc);
        HttpClient? client = null;
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeBitmexServer.StartAsync(async connection =>
        {
            await connection.SendWelcomeAsync();
            await connection.AcceptSubscriptionAsync();
            await connected.Task;
            var interval = Stopwatch.Frequency / perSecond;
            var next = Stopwatch.GetTimestamp();
            for (var i = 1; i <= trades; i++)
            {
                while (Stopwatch.GetTimestamp() < next) await Task.Delay(1);
                next += interval;
                // Every trade lands in the same minute, so the minute's count says how many are visible.
                var time = start.AddTicks(TimeSpan.TicksPerMinute * i / (trades + 1));
                var sent = Stopwatch.GetTimestamp();
                await connection.SendTradesAsync("insert", new Trade(Xbt, $"00000000-0000-0000-0000-{i:D12}", time, 60000m, 0.001m, 60m, TakerSide.Buy, 60m));
                while (await VisibleCountAsync(client!, start) < i) { }
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
            finished.SetResult();
            await connection.Closed;
        });

        var directory = Directory.CreateTempSubdirectory("ma-latency-").FullName;
        var builder = MarketAnalyticsApp.CreateBuilder(
        [
            $"--DataDirectory={directory}", "--Urls=http://127.0.0.1:0", "--Ingest:Source=bitmex",
            $"--Ingest:Bitmex:Url={server.Url}", "--Ingest:Bitmex:Symbols:0=XBTUSD",
        ], Role.Run);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("MarketAnalytics", LogLevel.Warning);
        var app = builder.Build();
        app.MapMarketAnalytics(Role.Run);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        client = new HttpClient { BaseAddress = new Uri(address) };
        connected.SetResult();
        await finished.Task;
        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(directory, recursive: true);

        latencies.Sort();
        double P(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{latencies.Count} trades at {perSecond}/s: socket -> minute candle visible via API: p50 {P(0.50):F2} ms, p90 {P(0.90):F2} ms, p99 {P(0.99):F2} ms, max {latencies[^1]:F2} ms"));
        return 0;
    }

    private static async Task<long> VisibleCountAsync(HttpClient client, DateTime minute)
    {
        var body = await client.GetStringAsync($"/api/v1/candles?symbol=bitmex:XBTUSD&interval=1m&from={UtcTime.Format(minute)}&limit=1");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetArrayLength() == 0 ? 0 : json.RootElement[0].GetProperty("trades").GetInt64();
    }
}
