using System.Net;
using System.Net.Sockets;
using MarketAnalytics.Api.Commands;
using MarketAnalytics.Api.Hosting;

namespace MarketAnalytics.Api.Tests.Market;

public sealed class WatchCommandTests
{
    [Fact]
    public async Task Watch_once_prints_one_plain_line_per_chosen_instrument_with_last_price_bid_ask_candle_and_trades_per_minute()
    {
        await using var host = await MarketHost.StartAsync();
        await host.TradeOnExchangeAsync(50000m, 0.02m);
        await host.WaitUntilAggregatedAsync(1);
        var output = new StringWriter();

        var exit = await MarketAnalyticsCommandLine.RunAsync(
            ["watch", "--url", host.Client.BaseAddress!.ToString(), "--symbols", "BTC-USDT,internal:ETH-USDT", "--once"],
            output, CancellationToken.None);

        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        const string price = @"50000(\.0+)?";
        Assert.Matches($@"^internal:BTC-USDT last {price} bid – ask – candle 1m \d\d:\d\d O {price} H {price} L {price} C {price} V 0\.020* trades/min 1$", lines[0]);
        Assert.Equal("internal:ETH-USDT last – bid – ask – candle 1m – trades/min 0", lines[1]);
    }

    [Fact]
    public async Task Watch_says_clearly_when_nothing_answers_at_the_URL()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<BackendUnavailableException>(() => MarketAnalyticsCommandLine.RunAsync(
            ["watch", "--url", $"http://127.0.0.1:{port}", "--once"], new StringWriter(), CancellationToken.None));

        Assert.StartsWith($"nothing answers at http://127.0.0.1:{port}/", error.Message);
    }
}
