using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

public sealed class LastTradeTests
{
    [Fact]
    public async Task The_last_trade_is_the_newest_by_exchange_time_whatever_order_it_was_appended_in_and_after_a_reopen()
    {
        using var dir = new ScratchDirectory();
        var trades = TestData.Trades(TestData.Btc, 100, 10);
        await using (var log = EmbeddedLog.Open(dir.Path))
        {
            Assert.Null(await log.FindLastTradeAsync(TestData.Btc, CancellationToken.None));
            await log.AppendTradesAsync([.. trades[5..]], CancellationToken.None);
            // A gap-fill appends older trades after newer live ones: the newest stays the newest.
            await log.AppendTradesAsync([.. trades[..5]], CancellationToken.None);

            Assert.Equal(TradeCursor.Of(trades[^1]), await log.FindLastTradeAsync(TestData.Btc, CancellationToken.None));
            Assert.Null(await log.FindLastTradeAsync(TestData.Xbt, CancellationToken.None));
        }

        await using var reopened = EmbeddedLog.Open(dir.Path);
        Assert.Equal(TradeCursor.Of(trades[^1]), await reopened.FindLastTradeAsync(TestData.Btc, CancellationToken.None));
    }
}
