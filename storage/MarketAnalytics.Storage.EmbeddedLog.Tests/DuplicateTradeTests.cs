using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

public sealed class DuplicateTradeTests
{
    [Fact]
    public async Task A_trade_repeated_within_a_batch_is_logged_once()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        var trades = TestData.Trades(TestData.Xbt, 1, 3);

        var result = await log.AppendTradesAsync([trades[0], trades[1], trades[0], trades[2], trades[1]], CancellationToken.None);

        Assert.Equal(new(3, 2), result);
        Assert.Equal(trades, log.ReadTrades("bitmex:XBTUSD", 0, 10));
    }

    [Fact]
    public async Task A_trade_already_logged_by_an_earlier_batch_is_dropped()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        var trades = TestData.Trades(TestData.Xbt, 1, 10);
        await log.AppendTradesAsync(trades[..6], CancellationToken.None);

        var result = await log.AppendTradesAsync(trades[4..], CancellationToken.None);

        Assert.Equal(new(4, 2), result);
        Assert.Equal(trades, log.ReadTrades("bitmex:XBTUSD", 0, 100));
    }

    [Fact]
    public async Task Trades_logged_before_a_restart_are_dropped_after_it()
    {
        using var dir = new ScratchDirectory();
        var uuids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString("D")).ToArray();
        var bitmex = uuids.Select(id => TestData.Trade(TestData.Xbt, 0, TestData.Start) with { TradeId = id }).ToArray();
        var binance = TestData.Trades(TestData.Btc, 100, 5);
        var text = new Trade(TestData.Btc, "adl-7", TestData.Start, 1m, 1m, 1m, TakerSide.Sell, IsMarket: false);
        await using (var log = EmbeddedLog.Open(dir.Path))
        {
            await log.AppendTradesAsync([.. bitmex, .. binance, text], CancellationToken.None);
        }

        await using var reopened = EmbeddedLog.Open(dir.Path);
        var again = await reopened.AppendTradesAsync([.. bitmex, .. binance, text, TestData.Trade(TestData.Btc, 105, TestData.Start)],
            CancellationToken.None);

        Assert.Equal(new(1, 11), again);
        Assert.Equal(7, reopened.TradePartitions.Single(p => p.Name == "binance:BTCUSDT").EndOffset);
        Assert.Equal(5, reopened.TradePartitions.Single(p => p.Name == "bitmex:XBTUSD").EndOffset);
    }

    [Fact]
    public async Task The_same_trade_id_on_two_instruments_is_two_trades()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);

        var result = await log.AppendTradesAsync(
            [TestData.Trade(TestData.Xbt, 1, TestData.Start), TestData.Trade(TestData.Btc, 1, TestData.Start)], CancellationToken.None);

        Assert.Equal(new(2, 0), result);
    }
}
