using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

public sealed class TradeConsumerTests
{
    private static readonly TimeSpan NoWait = TimeSpan.Zero;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_consumer_starts_each_partition_at_its_resume_offset()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        var xbt = TestData.Trades(TestData.Xbt, 1, 10);
        var btc = TestData.Trades(TestData.Btc, 1, 10);
        await log.AppendTradesAsync([.. xbt, .. btc], CancellationToken.None);
        var asked = new List<string>();
        await using var consumer = log.OpenTradeConsumer("aggregate", partitions =>
        {
            asked.AddRange(partitions);
            return new Dictionary<string, long> { ["bitmex:XBTUSD"] = 7 };
        });

        var batch = await consumer.ReadAsync(1000, NoWait, CancellationToken.None);

        Assert.Equal(["bitmex:XBTUSD", "binance:BTCUSDT"], asked);
        Assert.Equal(xbt[7..], batch.Trades.Where(t => t.Instrument == TestData.Xbt));
        Assert.Equal(btc, batch.Trades.Where(t => t.Instrument == TestData.Btc));
        Assert.Equal([new LogRange("bitmex:XBTUSD", 7, 10), new LogRange("binance:BTCUSDT", 0, 10)],
            batch.Ranges.OrderBy(r => r.Partition == "bitmex:XBTUSD" ? 0 : 1));
    }

    [Fact]
    public async Task A_consumer_reports_its_position_and_the_partition_end_in_each_partition()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        await log.AppendTradesAsync(TestData.Trades(TestData.Xbt, 1, 10), CancellationToken.None);
        await using var consumer = log.OpenTradeConsumer("aggregate", _ => new Dictionary<string, long>());

        await consumer.ReadAsync(4, NoWait, CancellationToken.None);
        var afterFour = consumer.Positions();
        await log.AppendTradesAsync(TestData.Trades(TestData.Xbt, 11, 5), CancellationToken.None);
        var afterAppend = consumer.Positions();

        Assert.Equal(new PartitionPosition("bitmex:XBTUSD", 4, 10), Assert.Single(afterFour));
        Assert.Equal(6, afterFour[0].Lag);
        Assert.Equal(new PartitionPosition("bitmex:XBTUSD", 4, 15), Assert.Single(afterAppend));
    }

    [Fact]
    public async Task Batches_continue_where_the_previous_ended_and_respect_the_size_limit()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        var trades = TestData.Trades(TestData.Xbt, 1, 25);
        await log.AppendTradesAsync(trades, CancellationToken.None);
        await using var consumer = log.OpenTradeConsumer("aggregate", _ => new Dictionary<string, long>());

        var batches = new List<TradeBatch>();
        for (var i = 0; i < 3; i++)
        {
            var batch = await consumer.ReadAsync(10, NoWait, CancellationToken.None);
            batches.Add(batch with { Trades = [.. batch.Trades] });
        }
        var empty = await consumer.ReadAsync(10, TimeSpan.FromMilliseconds(20), CancellationToken.None);

        Assert.Equal(trades, batches.SelectMany(b => b.Trades));
        Assert.Equal([new LogRange("bitmex:XBTUSD", 0, 10), new LogRange("bitmex:XBTUSD", 10, 20), new LogRange("bitmex:XBTUSD", 20, 25)],
            batches.Select(b => Assert.Single(b.Ranges)));
        Assert.Same(TradeBatch.Empty, empty);
    }

    [Fact]
    public async Task A_partition_created_after_the_consumer_opened_is_read_from_its_resume_offset()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        await log.AppendTradesAsync(TestData.Trades(TestData.Xbt, 1, 3), CancellationToken.None);
        var asked = new List<string[]>();
        await using var consumer = log.OpenTradeConsumer("aggregate", partitions =>
        {
            asked.Add([.. partitions]);
            return partitions.Contains("binance:BTCUSDT") ? new Dictionary<string, long> { ["binance:BTCUSDT"] = 2 } : [];
        });
        Assert.Equal(3, (await consumer.ReadAsync(100, NoWait, CancellationToken.None)).Trades.Count);

        var btc = TestData.Trades(TestData.Btc, 1, 5);
        await log.AppendTradesAsync(btc, CancellationToken.None);
        var batch = await consumer.ReadAsync(100, Long, CancellationToken.None);

        Assert.Equal(btc[2..], batch.Trades);
        Assert.Equal(new LogRange("binance:BTCUSDT", 2, 5), Assert.Single(batch.Ranges));
        Assert.Equal([["bitmex:XBTUSD"], ["binance:BTCUSDT"]], asked);
    }

    [Fact]
    public async Task A_waiting_read_returns_the_trades_appended_while_it_waits()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        await log.AppendTradesAsync(TestData.Trades(TestData.Xbt, 1, 2), CancellationToken.None);
        await using var consumer = log.OpenTradeConsumer("aggregate", _ => new Dictionary<string, long>());
        await consumer.ReadAsync(100, NoWait, CancellationToken.None);

        var waiting = consumer.ReadAsync(100, Long, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        var more = TestData.Trades(TestData.Xbt, 3, 4);
        await log.AppendTradesAsync(more, CancellationToken.None);
        var batch = await waiting;

        Assert.Equal(more, batch.Trades);
        Assert.Equal(new LogRange("bitmex:XBTUSD", 2, 6), Assert.Single(batch.Ranges));
    }

    [Fact]
    public async Task A_waiting_read_ends_when_cancelled()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        await using var consumer = log.OpenTradeConsumer("aggregate", _ => new Dictionary<string, long>());
        using var cancel = new CancellationTokenSource();

        var waiting = consumer.ReadAsync(100, Long, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Concurrent_appenders_all_get_durable_trades_that_a_consumer_reads_once()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        var instruments = new[] { TestData.Xbt, TestData.Btc, InstrumentId.Parse("kraken:XBTUSD"), InstrumentId.Parse("binanceusdm:BTCUSDT") };

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            await log.AppendTradesAsync(TestData.Trades(instruments[i % 4], 1 + i / 4 * 100, 100), CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(new AppendResult(100, 0), r));
        await using var consumer = log.OpenTradeConsumer("aggregate", _ => new Dictionary<string, long>());
        var read = new List<Trade>();
        TradeBatch batch;
        while (!(batch = await consumer.ReadAsync(333, NoWait, CancellationToken.None)).IsEmpty) read.AddRange(batch.Trades);
        Assert.Equal(4000, read.Count);
        Assert.Equal(4000, read.Select(t => (t.Instrument, t.TradeId)).Distinct().Count());
        Assert.All(log.TradePartitions, p => Assert.Equal(1000, p.EndOffset));
    }
}
