using System.Diagnostics;
using System.Globalization;
using MarketAnalytics.Aggregate.Reruns;
using MarketAnalytics.Api.Commands;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Api.Benchmarks;

/// <summary><c>rerun</c> over one generated day of a liquid instrument in the embedded log, beside a user's obvious alternative:
/// the same trades loaded into SQLite and the minute aggregates computed with one <c>GROUP BY</c>.</summary>
internal static class RerunMeasurement
{
    public static async Task<int> RunAsync(int trades)
    {
        var directory = Directory.CreateTempSubdirectory("ma-rerun-").FullName;
        var csv = Path.Combine(directory, "trades.csv");
        ImportMeasurement.Generate(csv, trades);
        await MarketAnalyticsCommandLine.RunAsync(
            ["import", $"--data-dir={Path.Combine(directory, "data")}", "--format", "trades-csv", "--venue", "binance", "--symbol", "BTCUSDT", csv], TextWriter.Null, CancellationToken.None);

        var day = new DateTime(2024, 8, 8, 0, 0, 0, DateTimeKind.Utc);
        double rerunSeconds;
        RerunResult result;
        await using (var host = CommandHost.Build($"--DataDirectory={Path.Combine(directory, "data")}"))
        {
            var engine = host.Services.GetRequiredService<RerunEngine>();
            var clock = Stopwatch.StartNew();
            result = await engine.RunAsync(new RerunRequest(day, day.AddDays(1), null, RerunIntervals.All, DryRun: false), null, CancellationToken.None);
            rerunSeconds = clock.Elapsed.TotalSeconds;
            var memory = GC.GetTotalMemory(forceFullCollection: false) / 1e6;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rerun of one day ({result.TradesRead:N0} trades, {result.WindowsExamined} windows, {result.WindowsChanged} changed): {rerunSeconds:F2} s, {result.TradesRead / rerunSeconds:N0} trades/s, managed heap {memory:F0} MB"));
        }

        var (load, query) = await SqliteGroupByAsync(Path.Combine(directory, "baseline.db"), csv);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SQLite baseline: load {load:F2} s + one GROUP BY over minutes {query:F2} s = {(load + query):F2} s, {trades / (load + query):N0} trades/s (GROUP BY alone {trades / query:N0} trades/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rerun is {(load + query) / rerunSeconds:F1}x faster than load + GROUP BY, {query / rerunSeconds:F1}x faster than the GROUP BY alone"));
        Directory.Delete(directory, recursive: true);
        return 0;
    }

    /// <summary>Loads the CSV into a SQLite table in one transaction and groups it by minute, prices and sizes as exact TEXT
    /// decimals would not sum in SQL; REAL is what such a user would pick, so the baseline is faster than an exact one.</summary>
    private static async Task<(double Load, double Query)> SqliteGroupByAsync(string path, string csv)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE trades (id INTEGER, ts INTEGER, price REAL, size REAL, buy INTEGER)";
            await create.ExecuteNonQueryAsync();
        }
        var clock = Stopwatch.StartNew();
        await using (var transaction = connection.BeginTransaction())
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO trades VALUES ($id, $ts, $price, $size, $buy)";
            var p = new[] { "$id", "$ts", "$price", "$size", "$buy" }.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
            foreach (var row in File.ReadLines(csv).Skip(1))
            {
                var f = row.Split(',');
                p[0].Value = long.Parse(f[0], CultureInfo.InvariantCulture);
                p[1].Value = long.Parse(f[1], CultureInfo.InvariantCulture);
                p[2].Value = double.Parse(f[2], CultureInfo.InvariantCulture);
                p[3].Value = double.Parse(f[3], CultureInfo.InvariantCulture);
                p[4].Value = f[4] == "buy" ? 1 : 0;
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        var load = clock.Elapsed.TotalSeconds;
        clock.Restart();
        await using (var group = connection.CreateCommand())
        {
            group.CommandText = """
                SELECT ts / 60000 AS minute, count(*), min(price), max(price), sum(size), sum(price * size), sum(buy * size)
                FROM trades GROUP BY minute ORDER BY minute
                """;
            await using var reader = await group.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { }
        }
        return (load, clock.Elapsed.TotalSeconds);
    }
}
