using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

public sealed class SegmentTests
{
    private static readonly EmbeddedLogOptions Small = new() { SegmentBytes = 64 * 1024, RecordsPerIndexBlock = 64 };

    [Fact]
    public async Task Records_spread_over_rolled_segments_read_back_from_any_offset_after_reopen()
    {
        using var dir = new ScratchDirectory();
        var trades = TestData.Trades(TestData.Xbt, 1, 6000);
        await using (var log = EmbeddedLog.Open(dir.Path, Small))
        {
            foreach (var chunk in trades.Chunk(777)) await log.AppendTradesAsync(chunk, CancellationToken.None);
        }
        var files = Directory.GetFiles(Path.Combine(dir.Path, "trades", "bitmex=XBTUSD"));
        Assert.True(files.Length > 3);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= Small.SegmentBytes));

        await using var reopened = EmbeddedLog.Open(dir.Path, Small);

        Assert.Equal(trades, reopened.ReadTrades("bitmex:XBTUSD", 0, 10_000));
        foreach (var offset in new[] { 1, 63, 64, 65, 1500, 2999, 5999 })
            Assert.Equal(trades[offset..Math.Min(offset + 200, 6000)], reopened.ReadTrades("bitmex:XBTUSD", offset, 200));
        Assert.Empty(reopened.ReadTrades("bitmex:XBTUSD", 6000, 10));
    }

    [Fact]
    public async Task Deleting_old_segments_moves_the_start_offset_and_keeps_later_offsets()
    {
        using var dir = new ScratchDirectory();
        var trades = TestData.Trades(TestData.Xbt, 0, 6000);
        var cutoff = trades[3000].Time;
        long start;
        await using (var log = EmbeddedLog.Open(dir.Path, Small))
        {
            await log.AppendTradesAsync(trades, CancellationToken.None);
            await log.AppendQuotesAsync([TestData.Quote(TestData.Xbt, TestData.Start, 1m)], CancellationToken.None);
            await using var consumer = log.OpenTradeConsumer("aggregate", _ => new Dictionary<string, long>());

            Assert.Null(await log.GetRetentionHorizonAsync(CancellationToken.None));
            var deleted = await log.DeleteBeforeAsync(cutoff, CancellationToken.None);

            Assert.True(deleted > 0);
            start = Assert.Single(log.TradePartitions).StartOffset;
            Assert.InRange(start, 1, 3000);
            Assert.Equal(trades[(int)start..], log.ReadTrades("bitmex:XBTUSD", 0, 10_000));
            var batch = await consumer.ReadAsync(10, TimeSpan.Zero, CancellationToken.None);
            Assert.Equal(new LogRange("bitmex:XBTUSD", start, start + 10), Assert.Single(batch.Ranges));
            Assert.Equal(1, Assert.Single(log.QuotePartitions).EndOffset);
        }

        await using var reopened = EmbeddedLog.Open(dir.Path, Small);
        Assert.Equal(cutoff, await reopened.GetRetentionHorizonAsync(CancellationToken.None));
        Assert.Equal(new LogPartition("bitmex:XBTUSD", TestData.Xbt, start, 6000), Assert.Single(reopened.TradePartitions));
        Assert.Equal(trades[(int)start..], reopened.ReadTrades("bitmex:XBTUSD", start, 10_000));
        Assert.Equal(new(1, 0), await reopened.AppendTradesAsync(TestData.Trades(TestData.Xbt, 6000, 1), CancellationToken.None));
    }
}
