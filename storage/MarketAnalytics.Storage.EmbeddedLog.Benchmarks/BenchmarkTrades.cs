using System.Globalization;
using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog.Benchmarks;

/// <summary>Realistic trades for the benchmarks: Binance-style numeric ids or BitMEX-style UUIDs, prices and sizes with the
/// venues' usual scales.</summary>
internal static class BenchmarkTrades
{
    public static Trade[] Make(string idKind, long firstId, int count)
    {
        var instrument = idKind == "uuid" ? InstrumentId.Parse("bitmex:XBTUSD") : InstrumentId.Parse("binance:BTCUSDT");
        var start = new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc);
        var trades = new Trade[count];
        for (var i = 0; i < count; i++)
        {
            var n = firstId + i;
            var id = idKind == "uuid" ? new Guid((int)(n >> 16), (short)n, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, (byte)(n >> 48)).ToString("D")
                : n.ToString(CultureInfo.InvariantCulture);
            var price = 97_000m + n % 5000 / 10m;
            var size = 0.00001m * (n % 3000 + 1);
            trades[i] = new Trade(instrument, id, start.AddTicks(n * 1000), price, size, price * size,
                n % 3 == 0 ? TakerSide.Sell : TakerSide.Buy, idKind == "uuid" ? n % 5000 + 1 : 0m);
        }
        return trades;
    }

    /// <summary>Writes <paramref name="count"/> trades into a new log in batches of 64k and returns its directory.</summary>
    public static string WriteLog(string idKind, int count)
    {
        var directory = ScratchDirectory();
        var log = EmbeddedLog.Open(directory);
        for (var first = 0; first < count; first += 64_000)
            log.AppendTradesAsync(Make(idKind, 1 + first, Math.Min(64_000, count - first)), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return directory;
    }

    public static string ScratchDirectory() =>
        Path.Combine(Path.GetTempPath(), "embedded-log-benchmarks", Guid.NewGuid().ToString("N"));
}
