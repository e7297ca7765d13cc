using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Api.Benchmarks;

/// <summary>Push latency: from a trade leaving a BitMEX-protocol server on 127.0.0.1 to its <c>trade</c> message on a WebSocket
/// client subscribed to <c>/api/v1/market/ws</c> of the all-in-one <c>run</c> pipeline (socket, parse, durable log with fsync,
/// market hub, WebSocket). Trades are offered one at a time at a constant rate after a warm-up; each is timed on its own.</summary>
internal static class PushLatencyMeasurement
{
    private static readonly InstrumentId Xbt = InstrumentId.Of(Venues.Bitmex, "XBTUSD");

    public static async Task<int> RunAsync(int trades, int perSecond, int warmup)
    {
        var latencies = new List<double>(trades);
        var start = new DateTime(2024, 8, 8, 12, 0, 0, DateTimeKind.Utc);
        var connection = new TaskCompletionSource<FakeBitmexConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeBitmexServer.StartAsync(async c =>
        {
            await c.SendWelcomeAsync();
            await c.AcceptSubscriptionAsync();
            connection.SetResult(c);
            await done.Task;
        });

        await using var host = await RunHost.StartAsync(server.Url);
        var address = host.Address;
        using var http = new HttpClient { BaseAddress = address };
        var source = await connection.Task;

        // The symbol is subscribable once it has aggregates: send one trade and wait for its candle.
        await source.SendTradesAsync("insert", Trade(0, start));
        while ((await http.GetStringAsync("/api/v1/symbols")).Contains("bitmex:XBTUSD", StringComparison.Ordinal) is false) await Task.Delay(10);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(new Uri(address, "/api/v1/market/ws")) { Scheme = "ws" }.Uri, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"op":"subscribe","symbols":["bitmex:XBTUSD"],"channels":["trades"]}"""),
            WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[64 * 1024];
        await socket.ReceiveAsync(buffer, CancellationToken.None);

        var tick = Stopwatch.Frequency / perSecond;
        var next = Stopwatch.GetTimestamp();
        for (var i = 1; i <= warmup + trades; i++)
        {
            while (Stopwatch.GetTimestamp() < next) await Task.Delay(1);
            next += tick;
            var trade = Trade(i, start.AddTicks(TimeSpan.TicksPerMillisecond * i));
            var sent = Stopwatch.GetTimestamp();
            await source.SendTradesAsync("insert", trade);
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                if (message.RootElement.GetProperty("trade_id").GetString() == trade.TradeId.ToString()) break;
            }
            if (i > warmup) latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }
        done.SetResult();

        Console.WriteLine($"{latencies.Count} trades at {perSecond}/s after {warmup} warm-up: socket -> WebSocket subscriber: {RunHost.Percentiles(latencies)}");
        return 0;
    }

    private static Trade Trade(int i, DateTime time) =>
        new(Xbt, $"00000000-0000-0000-0000-{i:D12}", time, 60000m, 0.001m, 60m, TakerSide.Buy, 60m);
}
