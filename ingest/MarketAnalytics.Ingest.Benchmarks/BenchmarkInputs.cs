using System.Globalization;
using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Prices;
using MarketAnalytics.Ingest.Import;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAnalytics.Ingest.Benchmarks;

/// <summary>The inputs the benchmarks read: the recorded Binance files in <c>../shared/data</c> and a generated trades CSV.</summary>
internal static class BenchmarkInputs
{
    public const int CsvRows = 1_000_000;

    /// <summary>Every recorded Binance USD-M and spot file, gzip-compressed as recorded.</summary>
    public static string[] BinanceRecordings()
    {
        var data = SharedData() ?? throw new InvalidOperationException("the recorded data in ../shared/data beside the repository is absent");
        return [.. Directory.GetFiles(Path.Combine(data, "binance-usdm-btcusdt"), "*.frames.gz").Order(StringComparer.Ordinal)];
    }

    /// <summary>Writes (once) a plain CSV of <see cref="CsvRows"/> trades with epoch-millisecond times and returns its path.</summary>
    public static string GeneratedCsv()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ingest-bench-trades-{CsvRows}.csv");
        if (File.Exists(path)) return path;
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.Write("trade_id,timestamp,price,size,side\n");
        var start = new DateTimeOffset(2024, 7, 19, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        for (var i = 0; i < CsvRows; i++)
        {
            var price = (64000m + i % 1000 / 10m).ToString(CultureInfo.InvariantCulture);
            var size = (0.001m * (1 + i % 97)).ToString(CultureInfo.InvariantCulture);
            writer.Write($"{5_000_000_000L + i},{start + i / 10},{price},{size},{(i % 3 == 0 ? "sell" : "buy")}\n");
        }
        return path;
    }

    public static RecordedFileImporter Importer() =>
        new(new MarketRecorder(new DiscardingMarketLog(), new InMemoryPriceCache(), TimeProvider.System), NullLogger<RecordedFileImporter>.Instance);

    public static ImportOptions BinanceUsdm => new() { Format = RecordedFileFormat.BinanceWs, Venue = Venues.BinanceUsdm };

    public static ImportOptions Csv => new() { Format = RecordedFileFormat.TradesCsv, Venue = Venues.Binance, Symbol = "BTCUSDT" };

    private static string? SharedData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "MarketAnalytics.sln"))) continue;
            var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            return Directory.Exists(data) ? data : null;
        }
        return null;
    }
}
