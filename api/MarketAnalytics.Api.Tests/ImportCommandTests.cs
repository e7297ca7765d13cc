using System.Globalization;
using MarketAnalytics.Api.Commands;
using MarketAnalytics.Core;
using Microsoft.Data.Sqlite;

namespace MarketAnalytics.Api.Tests;

public sealed class ImportCommandTests
{
    [Fact]
    public async Task An_import_whose_store_cannot_open_reports_that_and_importing_again_loses_nothing()
    {
        using var data = new DataDirectory();
        // A directory where the SQLite file belongs: the store cannot open, the log can.
        Directory.CreateDirectory(Path.Combine(data.Path, "aggregates.db"));
        var csv = Path.Combine(Path.GetTempPath(), $"ma-import-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(csv, ["trade_id,timestamp,price,size,side", .. Enumerable.Range(1, 5000).Select(Line)]);
        string[] import = ["import", $"--data-dir={data.Path}", "--format", "trades-csv", "--venue", "binance", "--symbol", "BTCUSDT", csv];
        try
        {
            await Assert.ThrowsAsync<SqliteException>(() => MarketAnalyticsCommandLine.RunAsync(import, TextWriter.Null, CancellationToken.None));

            Directory.Delete(Path.Combine(data.Path, "aggregates.db"));
            Assert.Equal(0, await MarketAnalyticsCommandLine.RunAsync(import, TextWriter.Null, CancellationToken.None));
            var minutes = (await data.AllCandlesAsync()).Where(c => c.Interval == CandleInterval.OneMinute).ToList();
            Assert.Equal(5000, minutes.Sum(c => c.Count));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    private static string Line(int i) => string.Create(CultureInfo.InvariantCulture,
        $"{i},{1723075200000L + i * 100L},{60000 + i % 7}.5,0.01{i % 9 + 1},{(i % 2 == 0 ? "buy" : "sell")}");
}
