using System.Diagnostics;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Testing;

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

        await using (var host = await RunHost.StartAsync(server.Url))
        {
            client = new HttpClient { BaseAddress = host.Address };
            connected.SetResult();
            await finished.Task;
        }

        Console.WriteLine($"{latencies.Count} trades at {perSecond}/s: socket -> minute candle visible via API: {RunHost.Percentiles(latencies)}");
        return 0;
    }

    private static async Task<long> VisibleCountAsync(HttpClient client, DateTime minute)
    {
        var body = await client.GetStringAsync($"/api/v1/candles?symbol=bitmex:XBTUSD&interval=1m&from={UtcTime.Format(minute)}&limit=1");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetArrayLength() == 0 ? 0 : json.RootElement[0].GetProperty("trades").GetInt64();
    }
}
