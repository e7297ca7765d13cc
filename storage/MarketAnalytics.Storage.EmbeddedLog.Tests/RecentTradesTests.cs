using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.EmbeddedLog.Partitions;

namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

/// <summary>The newest trades kept in memory for consumers at the log's tail (<see cref="RecentRecords{T}"/>).</summary>
public sealed class RecentTradesTests
{
    private static readonly InstrumentId Xbt = TestData.Xbt;
    private static readonly InstrumentId Btc = TestData.Btc;

    private static void Write(RecentRecords<Trade> recent, InstrumentId partition, long firstOffset, Trade[] trades)
    {
        recent.Reserve(trades.Length);
        recent.Keep(trades);
        recent.Publish(partition, firstOffset);
    }

    private static List<Trade> Copy(RecentRecords<Trade> recent, InstrumentId partition, long offset, int max)
    {
        var copied = new List<Trade>();
        Assert.Equal(recent.CopyTo(partition, offset, max, copied), copied.Count);
        return copied;
    }

    [Fact]
    public void A_write_is_copied_from_any_of_its_offsets_up_to_the_limit_and_only_for_its_partition()
    {
        var recent = new RecentRecords<Trade>(100);
        var xbt = TestData.Trades(TestData.Xbt, 1, 30);
        Write(recent, Xbt, 500, xbt);

        Assert.Equal(xbt, Copy(recent, Xbt, 500, 1000));
        Assert.Equal(xbt[10..15], Copy(recent, Xbt, 510, 5));
        Assert.Empty(Copy(recent, Xbt, 499, 1000));
        Assert.Empty(Copy(recent, Xbt, 530, 1000));
        Assert.Empty(Copy(recent, Btc, 500, 1000));
    }

    [Fact]
    public void Writes_wrap_around_the_ring_and_drop_the_runs_whose_slots_they_take()
    {
        var recent = new RecentRecords<Trade>(10);
        var first = TestData.Trades(TestData.Xbt, 1, 6);
        var second = TestData.Trades(TestData.Btc, 1, 3);
        var third = TestData.Trades(TestData.Xbt, 7, 5);
        Write(recent, Xbt, 0, first);
        Write(recent, Btc, 0, second);
        Write(recent, Xbt, 6, third);

        // The third write took slots 9, 0..3: the first run (slots 0..5) is gone, the second (6..8) is whole.
        Assert.Empty(Copy(recent, Xbt, 0, 100));
        Assert.Equal(second, Copy(recent, Btc, 0, 100));
        Assert.Equal(third, Copy(recent, Xbt, 6, 100));
        Assert.Equal(third[3..], Copy(recent, Xbt, 9, 100));
    }

    [Fact]
    public void One_copy_goes_on_through_a_partitions_later_writes_past_other_partitions_and_stops_at_a_gap()
    {
        var recent = new RecentRecords<Trade>(100);
        var xbt = TestData.Trades(TestData.Xbt, 1, 20);
        Write(recent, Xbt, 0, xbt[..5]);
        Write(recent, Btc, 0, TestData.Trades(TestData.Btc, 1, 3));
        Write(recent, Xbt, 5, xbt[5..12]);
        Write(recent, Xbt, 15, xbt[15..]);

        Assert.Equal(xbt[2..12], Copy(recent, Xbt, 2, 100));
        Assert.Equal(xbt[2..8], Copy(recent, Xbt, 2, 6));
        Assert.Equal(xbt[15..], Copy(recent, Xbt, 15, 100));
    }

    [Fact]
    public void Only_the_newest_1024_writes_are_kept_however_small()
    {
        var recent = new RecentRecords<Trade>(4096);
        var trades = TestData.Trades(TestData.Xbt, 1, 1025);
        for (var i = 0; i < trades.Length; i++) Write(recent, Xbt, i, trades[i..(i + 1)]);

        Assert.Empty(Copy(recent, Xbt, 0, 10_000));
        Assert.Equal(trades[1..], Copy(recent, Xbt, 1, 10_000));
    }

    [Fact]
    public void A_write_longer_than_the_ring_is_not_kept_and_a_ring_of_none_keeps_nothing()
    {
        var small = new RecentRecords<Trade>(4);
        var none = new RecentRecords<Trade>(0);
        var trades = TestData.Trades(TestData.Xbt, 1, 5);
        Write(small, Xbt, 0, trades);
        Write(none, Xbt, 0, trades);

        Assert.Empty(Copy(small, Xbt, 0, 100));
        Assert.Empty(Copy(none, Xbt, 0, 100));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(16 * 1024 * 1024 + 1)]
    public void The_log_refuses_to_keep_a_negative_or_too_large_number_of_trades(int recentTrades)
    {
        using var dir = new ScratchDirectory();

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddedLog.Open(dir.Path, new EmbeddedLogOptions { RecentTrades = recentTrades }));

        Assert.Contains("EmbeddedLog:RecentTrades must be between 0 and 16777216", refused.Message);
    }

    [Theory]
    [InlineData(131072)]
    [InlineData(7)]
    [InlineData(0)]
    public async Task A_consumer_reads_the_same_batches_from_memory_from_the_files_and_from_both(int recentTrades)
    {
        using var dir = new ScratchDirectory();
        using var filesOnlyDir = new ScratchDirectory();
        var batches = new[]
        {
            TestData.Trades(TestData.Xbt, 1, 40),
            // Duplicates inside one instrument's batch, and a batch of two instruments.
            [.. TestData.Trades(TestData.Xbt, 35, 10), .. TestData.Trades(TestData.Xbt, 60, 5)],
            [.. TestData.Trades(TestData.Btc, 1, 9), .. TestData.Trades(TestData.Xbt, 45, 12), .. TestData.Trades(TestData.Btc, 5, 9)],
            TestData.Trades(TestData.Xbt, 100, 3),
        };
        await using var log = EmbeddedLog.Open(dir.Path, new EmbeddedLogOptions { RecentTrades = recentTrades, RecordsPerIndexBlock = 4 });
        await using var filesOnly = EmbeddedLog.Open(filesOnlyDir.Path, new EmbeddedLogOptions { RecentTrades = 0 });
        await using var consumer = log.OpenTradeConsumer("aggregate", _ => new Dictionary<string, long>());
        await using var filesConsumer = filesOnly.OpenTradeConsumer("aggregate", _ => new Dictionary<string, long>());

        var read = new List<(Trade[] Trades, LogRange[] Ranges)>();
        var expected = new List<(Trade[] Trades, LogRange[] Ranges)>();
        foreach (var batch in batches)
        {
            await log.AppendTradesAsync(batch, CancellationToken.None);
            await filesOnly.AppendTradesAsync(batch, CancellationToken.None);
            // Reads of odd sizes, so that they start and end inside writes.
            await ReadAll(consumer, read);
            await ReadAll(filesConsumer, expected);
        }

        Assert.Equal(expected.SelectMany(b => b.Trades), read.SelectMany(b => b.Trades));
        Assert.Equal(expected.SelectMany(b => b.Ranges), read.SelectMany(b => b.Ranges));
        Assert.Equal(77, read.Sum(b => b.Trades.Length));

        static async Task ReadAll(ITradeConsumer consumer, List<(Trade[], LogRange[])> into)
        {
            while (await consumer.ReadAsync(13, TimeSpan.Zero, CancellationToken.None) is { IsEmpty: false } batch)
                into.Add(([.. batch.Trades], [.. batch.Ranges]));
        }
    }
}
