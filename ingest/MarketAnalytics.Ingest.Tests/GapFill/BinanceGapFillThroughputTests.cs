using System.Diagnostics;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Binance;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace MarketAnalytics.Ingest.Tests.GapFill;

/// <summary>A long gap filled from the fake Binance's REST history into a real embedded log, with the rate printed for the README.</summary>
public sealed class BinanceGapFillThroughputTests(ITestOutputHelper output)
{
    private static readonly InstrumentId Btc = InstrumentId.Of(Venues.BinanceUsdm, "BTCUSDT");
    private static readonly DateTime Open = new(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_gap_of_100000_trades_is_filled_in_pages_of_500_each_trade_once()
    {
        const int count = 100_000;
        var trades = Enumerable.Range(0, count).Select(i => new Trade(Btc, (1_000_000 + i).ToString(), Open.AddMilliseconds(i * 20),
            90_000m + i % 50, 0.001m, (90_000m + i % 50) * 0.001m, i % 2 == 0 ? TakerSide.Buy : TakerSide.Sell)).ToList();
        await using var server = await FakeBinanceServer.StartAsync(pageSize: 500);
        await server.PublishAsync(trades.Select(t => FakeBinanceServer.TradeFrame(t)));
        await using var log = new TemporaryLog();
        await log.Recorder.RecordAsync([trades[0]], [], default);
        using var http = new HttpClient(new RateLimitHandler(BinanceMarket.UsdM.RateLimits, TimeProvider.System, NullLogger<RateLimitHandler>.Instance) { InnerHandler = new SocketsHttpHandler() });
        var filler = new GapFiller(Venues.BinanceUsdm, new BinanceTradeHistory(BinanceMarket.UsdM, http, server.RestUrl), log.Recorder,
            new GapFillOptions(), TimeProvider.System, NullLogger<GapFiller>.Instance);

        var started = Stopwatch.GetTimestamp();
        var result = await filler.FillAsync(Btc, TradeCursor.Of(trades[0]), TradeCursor.Of(trades[^1]), default);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(GapFillOutcome.MetLiveStream, result.Outcome);
        Assert.Equal(count - 1, result.TradesRecorded);
        Assert.Equal(count / 500, result.Pages);
        Assert.Equal(count, (await log.ReadTradesAsync()).Select(t => t.TradeId).Distinct().Count());
        output.WriteLine($"gap-filled {result.TradesRecorded} trades in {result.Pages} pages in {elapsed.TotalSeconds:0.00} s: {result.TradesRecorded / elapsed.TotalSeconds:0} trades/s");
    }
}
