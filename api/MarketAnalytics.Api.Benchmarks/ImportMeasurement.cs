using System.Globalization;
using System.Text;
using MarketAnalytics.Api.Commands;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Api.Benchmarks;

/// <summary>Runs the real <c>import</c> command in this process on a fresh data directory and prints what it printed.</summary>
internal static class ImportMeasurement
{
    public static async Task<int> GeneratedCsvAsync(int trades)
    {
        var directory = Directory.CreateTempSubdirectory("ma-bench-").FullName;
        var csv = Path.Combine(directory, "trades.csv");
        Generate(csv, trades);
        Console.WriteLine($"generated {trades:N0} trades ({new FileInfo(csv).Length / 1e6:F0} MB) in {csv}");
        return await ImportAsync(directory, ["--format", "trades-csv", "--venue", "binance", "--symbol", "BTCUSDT", csv]);
    }

    public static async Task<int> RecordedBinanceAsync()
    {
        if (SharedData.Directory is null)
        {
            Console.Error.WriteLine("../shared/data is absent");
            return 1;
        }
        var files = Directory.GetFiles(SharedData.Path("binance-usdm-btcusdt"), "*.frames.gz").Order(StringComparer.Ordinal).ToArray();
        return await ImportAsync(Directory.CreateTempSubdirectory("ma-bench-").FullName, ["--format", "binance-ws", "--venue", "binanceusdm", .. files]);
    }

    private static async Task<int> ImportAsync(string directory, string[] arguments)
    {
        var code = await MarketAnalyticsCommandLine.RunAsync(["import", $"--data-dir={Path.Combine(directory, "data")}", .. arguments], Console.Out, CancellationToken.None);
        Directory.Delete(directory, recursive: true);
        return code;
    }

    /// <summary>A day of one liquid instrument: ids gap-free, prices with 1 decimal, quantities with 3, both taker sides.</summary>
    public static void Generate(string path, int count)
    {
        var random = new Random(42);
        var start = new DateTime(2024, 8, 8, 0, 0, 0, DateTimeKind.Utc);
        var step = TimeSpan.FromDays(1).Ticks / count;
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("trade_id,timestamp,price,size,side\n");
        var price = 600000L;
        for (var i = 0; i < count; i++)
        {
            price += random.Next(-5, 6);
            var ms = (start.Ticks + i * step - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{1_000_000_000 + i},{ms},{price / 10}.{price % 10},0.{random.Next(1, 1000):D3},{(random.Next(2) == 0 ? "buy" : "sell")}\n"));
        }
    }
}
