using System.Globalization;

namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

public sealed class CrashDurabilityTests
{
    [Fact]
    public async Task Every_acknowledged_trade_survives_kill_9_exactly_once()
    {
        using var dir = new ScratchDirectory();
        var random = new Random(20261121);
        long acknowledged = 0;
        for (var round = 0; round < 6; round++)
        {
            // Like a reconnecting producer, each run resends from the last acknowledged trade: what a killed run had written but
            // not acknowledged comes again and must be dropped as a duplicate, not logged twice.
            using var writer = WriterProcess.Start("append", dir.Path, (acknowledged + 1).ToString(CultureInfo.InvariantCulture),
                random.Next(1, 2000).ToString(CultureInfo.InvariantCulture));
            var acksBeforeKill = random.Next(1, 15);
            for (var i = 0; i < acksBeforeKill; i++)
                acknowledged = Math.Max(acknowledged, ParseAck(await writer.StandardOutput.ReadLineAsync()));
            await Task.Delay(random.Next(0, 30));
            writer.Kill();
            string? line;
            while ((line = await writer.StandardOutput.ReadLineAsync()) is not null)
                acknowledged = Math.Max(acknowledged, ParseAck(line));
            await writer.WaitForExitAsync();
        }

        await using var log = EmbeddedLog.Open(dir.Path);
        var ids = log.ReadTrades("bitmex:XBTUSD", 0, int.MaxValue).Select(t => long.Parse(t.TradeId.ToString(), CultureInfo.InvariantCulture)).ToList();
        Assert.True(ids.Count >= acknowledged, $"{ids.Count} trades logged but {acknowledged} acknowledged");
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => (long)i), ids);
    }

    private static long ParseAck(string? line) =>
        line is not null && line.StartsWith("acked ", StringComparison.Ordinal)
            ? long.Parse(line.AsSpan(6), CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"The writer printed '{line}' instead of an acknowledgement.");
}
