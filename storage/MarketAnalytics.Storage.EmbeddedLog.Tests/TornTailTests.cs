namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

public sealed class TornTailTests
{
    [Fact]
    public async Task Garbage_after_the_last_record_is_cut_on_open()
    {
        using var dir = new ScratchDirectory();
        var trades = TestData.Trades(TestData.Xbt, 1, 20);
        var segment = await WriteOneSegment(dir.Path, trades);
        var length = new FileInfo(segment).Length;
        await using (var file = new FileStream(segment, FileMode.Append))
            file.Write([0x2A, 0, 0, 0, 0xDE, 0xAD, 0xBE, 0xEF, 1, 2, 3]);

        await using var log = EmbeddedLog.Open(dir.Path);

        Assert.Equal(trades, log.ReadTrades("bitmex:XBTUSD", 0, 100));
        var cut = Assert.Single(log.TornTails);
        Assert.Equal(new TornTail("trades", "bitmex:XBTUSD", segment, length, 11, cut.Reason), cut);
        Assert.Equal(length, new FileInfo(segment).Length);
    }

    [Fact]
    public async Task A_half_written_last_record_is_cut_and_appends_continue_after_the_whole_ones()
    {
        using var dir = new ScratchDirectory();
        var trades = TestData.Trades(TestData.Xbt, 1, 20);
        var segment = await WriteOneSegment(dir.Path, trades);
        var before = new FileInfo(segment).Length;
        await using (var log = EmbeddedLog.Open(dir.Path))
            await log.AppendTradesAsync(TestData.Trades(TestData.Xbt, 21, 1), CancellationToken.None);
        var lastRecord = new FileInfo(segment).Length - before;
        using (var file = new FileStream(segment, FileMode.Open))
            file.SetLength(before + lastRecord / 2);

        await using (var log = EmbeddedLog.Open(dir.Path))
        {
            Assert.Equal(trades, log.ReadTrades("bitmex:XBTUSD", 0, 100));
            Assert.Equal(lastRecord / 2, Assert.Single(log.TornTails).BytesCut);
            // The cut trade was never acknowledged, so it is not a duplicate: the producer's retry logs it.
            Assert.Equal(new(2, 0), await log.AppendTradesAsync(TestData.Trades(TestData.Xbt, 21, 2), CancellationToken.None));
        }

        await using var reopened = EmbeddedLog.Open(dir.Path);
        Assert.Empty(reopened.TornTails);
        Assert.Equal(TestData.Trades(TestData.Xbt, 1, 22), reopened.ReadTrades("bitmex:XBTUSD", 0, 100));
    }

    [Fact]
    public async Task A_flipped_byte_cuts_the_log_at_the_corrupt_record_including_later_segments()
    {
        using var dir = new ScratchDirectory();
        var options = new EmbeddedLogOptions { SegmentBytes = 64 * 1024 };
        var trades = TestData.Trades(TestData.Xbt, 1, 5000);
        await using (var log = EmbeddedLog.Open(dir.Path, options))
            await log.AppendTradesAsync(trades, CancellationToken.None);
        var segments = Directory.GetFiles(Path.Combine(dir.Path, "trades", "bitmex=XBTUSD")).Order().ToArray();
        Assert.True(segments.Length >= 3);
        var firstOfSecond = long.Parse(Path.GetFileNameWithoutExtension(segments[1]));
        using (var file = new FileStream(segments[1], FileMode.Open))
        {
            file.Position = 8 + 8 + 3;
            var b = file.ReadByte();
            file.Position = 8 + 8 + 3;
            file.WriteByte((byte)(b ^ 0x10));
        }

        await using var reopened = EmbeddedLog.Open(dir.Path, options);

        Assert.Equal(trades[..(int)firstOfSecond], reopened.ReadTrades("bitmex:XBTUSD", 0, 10_000));
        Assert.Equal(segments.Length - 1, reopened.TornTails.Count);
        Assert.Equal([segments[0], segments[1]], Directory.GetFiles(Path.Combine(dir.Path, "trades", "bitmex=XBTUSD")).Order());
        Assert.Equal(new(5000 - (int)firstOfSecond, (int)firstOfSecond),
            await reopened.AppendTradesAsync(trades, CancellationToken.None));
    }

    private static async Task<string> WriteOneSegment(string directory, IReadOnlyList<MarketAnalytics.Core.Trade> trades)
    {
        await using var log = EmbeddedLog.Open(directory);
        await log.AppendTradesAsync(trades, CancellationToken.None);
        return Assert.Single(Directory.GetFiles(Path.Combine(directory, "trades", "bitmex=XBTUSD")));
    }
}
