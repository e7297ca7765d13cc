using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

public sealed class ReplayTests
{
    // Small index blocks and segments, so the replay really skips blocks and crosses segment files.
    private static readonly EmbeddedLogOptions Fine = new() { SegmentBytes = 64 * 1024, RecordsPerIndexBlock = 16 };

    [Fact]
    public async Task Replay_returns_every_trade_in_the_window_late_ones_included_and_honours_both_edges()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path, Fine);
        // 5000 trades one second apart, in order, plus late trades (logged long after their exchange time) sprinkled through.
        var trades = new List<Trade>();
        for (var i = 0; i < 5000; i++)
        {
            trades.Add(TestData.Trade(TestData.Xbt, i, TestData.Start.AddSeconds(i)));
            if (i % 700 == 699) trades.Add(TestData.Trade(TestData.Xbt, 100_000 + i, TestData.Start.AddSeconds(i / 7)));
        }
        await log.AppendTradesAsync(trades, CancellationToken.None);
        await log.AppendTradesAsync(TestData.Trades(TestData.Btc, 1, 100), CancellationToken.None);
        var from = TestData.Start.AddSeconds(100);
        var to = TestData.Start.AddSeconds(400);

        var replayed = await log.ReplayTradesAsync(from, to, [TestData.Xbt], null, CancellationToken.None).ToListAsync();

        var expected = trades.Where(t => t.Time >= from && t.Time < to).ToList();
        Assert.Equal(expected, replayed);
        Assert.Contains(replayed, t => t.Time == from);
        Assert.DoesNotContain(replayed, t => t.Time == to);
        // The late trades of seconds 199, 299 and 399, logged after trades of seconds 1399, 2099 and 2799.
        Assert.Equal(3, replayed.Count(t => long.Parse(t.TradeId.ToString()) >= 100_000));
    }

    [Fact]
    public async Task Replay_without_an_instrument_filter_covers_every_partition()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path, Fine);
        await log.AppendTradesAsync([.. TestData.Trades(TestData.Xbt, 1, 300), .. TestData.Trades(TestData.Btc, 1, 300)], CancellationToken.None);

        var replayed = await log.ReplayTradesAsync(TestData.Start.AddMilliseconds(101), TestData.Start.AddMilliseconds(201), null, null, CancellationToken.None)
            .ToListAsync();

        Assert.Equal(200, replayed.Count);
        Assert.Equal(TestData.Trades(TestData.Xbt, 101, 100), replayed.Where(t => t.Instrument == TestData.Xbt));
    }

    [Fact]
    public async Task Replay_bounded_by_offsets_reads_only_below_them_and_skips_partitions_it_does_not_name()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path, Fine);
        var xbt = TestData.Trades(TestData.Xbt, 0, 500);
        await log.AppendTradesAsync([.. xbt, .. TestData.Trades(TestData.Btc, 0, 500)], CancellationToken.None);

        var replayed = await log.ReplayTradesAsync(TestData.Start, TestData.Start.AddHours(1), null,
            new Dictionary<string, long> { ["bitmex:XBTUSD"] = 321 }, CancellationToken.None).ToListAsync();

        Assert.Equal(xbt[..321], replayed);
    }

    [Fact]
    public async Task Find_offset_gives_the_first_offset_at_which_no_earlier_trade_is_at_or_after_the_time()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path, Fine);
        var trades = TestData.Trades(TestData.Xbt, 0, 1000).ToList();
        // A trade far ahead of its neighbours at offset 300: reading from any time up to its own must start at or before it.
        trades[300] = trades[300] with { Time = TestData.Start.AddMilliseconds(800) };
        await log.AppendTradesAsync(trades, CancellationToken.None);

        Assert.Equal(0, log.FindTradeOffset("bitmex:XBTUSD", DateTime.MinValue));
        Assert.Equal(300, log.FindTradeOffset("bitmex:XBTUSD", TestData.Start.AddMilliseconds(500)));
        Assert.Equal(300, log.FindTradeOffset("bitmex:XBTUSD", TestData.Start.AddMilliseconds(800)));
        Assert.Equal(801, log.FindTradeOffset("bitmex:XBTUSD", TestData.Start.AddMilliseconds(800.5)));
        Assert.Equal(250, log.FindTradeOffset("bitmex:XBTUSD", TestData.Start.AddMilliseconds(250)));
        Assert.Equal(1000, log.FindTradeOffset("bitmex:XBTUSD", TestData.Start.AddHours(1)));
        Assert.Throws<KeyNotFoundException>(() => log.FindTradeOffset("bitmex:ETHUSD", TestData.Start));
    }
}
