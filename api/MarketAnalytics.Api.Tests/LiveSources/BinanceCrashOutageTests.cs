using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MarketAnalytics.Aggregate;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Api.Tests.LiveSources;

/// <summary>A <c>run</c> process reading a fake Binance is killed with SIGKILL during an outage and started again: after it
/// reconnects and fills the gap over REST, the candles are those of every trade, each counted once.</summary>
public sealed class BinanceCrashOutageTests
{
    private static readonly InstrumentId Btc = InstrumentId.Of(Venues.BinanceUsdm, "BTCUSDT");
    private static readonly DateTime Open = new(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Trades_missed_during_an_outage_and_a_kill_9_are_filled_after_the_restart_and_counted_once()
    {
        var trades = Enumerable.Range(0, 3000).Select(TradeNumber).ToList();
        using var data = new DataDirectory();
        await using var server = await FakeBinanceServer.StartAsync(pageSize: 500);

        var port = FreePort();
        using (var first = Run(data.Path, server, port))
        {
            try
            {
                await Eventually.TrueAsync(() => Task.FromResult(server.ConnectedClients == 1 || first.HasExited), "the process connected");
                await server.PublishAsync(trades[..1000].Select(t => FakeBinanceServer.TradeFrame(t)));
                await Eventually.TrueAsync(async () => first.HasExited || await CountedAsync(port) == 1000, "the first trades aggregated");

                server.BeginOutage();
                await server.PublishAsync(trades[1000..2000].Select(t => FakeBinanceServer.TradeFrame(t)));
            }
            finally
            {
                first.Kill(); // SIGKILL, in the middle of the outage
                await first.WaitForExitAsync();
            }
        }

        port = FreePort();
        using var second = Run(data.Path, server, port);
        try
        {
            server.RateLimitNextHistoryRequests(1, retryAfterSeconds: 1);
            server.EndOutage();
            await Eventually.TrueAsync(() => Task.FromResult(server.ConnectedClients == 1 || second.HasExited), "the restarted process connected");
            await server.PublishAsync(trades[2000..].Select(t => FakeBinanceServer.TradeFrame(t)));
            await Eventually.TrueAsync(async () => second.HasExited || await CountedAsync(port) == trades.Count, "every trade aggregated");
            Assert.False(second.HasExited, "the restarted process exited");
        }
        finally
        {
            second.Kill();
            await second.WaitForExitAsync();
        }

        var aggregator = new TradeAggregator();
        aggregator.AddRange(trades);
        var expected = aggregator.TakeDeltas();
        Assert.Equal(expected.Where(c => c.Interval == CandleInterval.OneMinute), (await data.AllCandlesAsync()).Where(c => c.Interval == CandleInterval.OneMinute));
        Assert.True(server.HistoryRequests >= 3, "the gap was filled over REST: the 429, then two pages of 500 at least");
    }

    /// <summary>Starts <c>run --source binanceusdm</c> in a child process, reading the fake server, serving HTTP on <paramref name="port"/>.</summary>
    private static Process Run(string dataDirectory, FakeBinanceServer server, int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "MarketAnalytics.Api.dll"), "run", "--source", Venues.BinanceUsdm,
                "--data-dir", dataDirectory, "--urls", $"http://127.0.0.1:{port}",
            },
        };
        var venue = $"Ingest__Venues__{Venues.BinanceUsdm}__";
        start.Environment[venue + "WebSocketUrl"] = server.WebSocketUrl.ToString();
        start.Environment[venue + "RestUrl"] = server.RestUrl.ToString();
        start.Environment[venue + "Symbols__0"] = "BTCUSDT";
        start.Environment[venue + "ReconnectBaseDelay"] = "00:00:00.020";
        start.Environment[venue + "ReconnectMaxDelay"] = "00:00:00.200";
        start.Environment["Aggregation__PollInterval"] = "00:00:00.050";
        var process = Process.Start(start)!;
        // Drained so a full pipe never blocks the child.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    /// <summary>Trades the process's 1m candles count, or -1 while it does not answer yet.</summary>
    private static async Task<long> CountedAsync(int port)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var body = await client.GetStringAsync($"/api/v1/candles?symbol={Btc}&interval=1m&from=2026-11-21T00:00:00Z&limit=5000");
            return JsonDocument.Parse(body).RootElement.EnumerateArray().Sum(c => c.GetProperty("trades").GetInt64());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return -1;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static Trade TradeNumber(int i)
    {
        var price = 90_000m + i % 41 * 0.1m;
        var quantity = (i % 7 + 1) * 0.002m;
        return new Trade(Btc, (5_000_000 + i).ToString(), Open.AddMilliseconds(i * 97), price, quantity, price * quantity, i % 3 == 0 ? TakerSide.Sell : TakerSide.Buy);
    }
}
