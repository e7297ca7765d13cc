using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MarketAnalytics.Api.Tests;

/// <summary><c>import</c> processes killed with SIGKILL at random points and restarted end with the same aggregates as an
/// uninterrupted run: the log keeps only whole acknowledged records and the aggregates move with their offsets.</summary>
public sealed class CrashSafetyTests
{
    [Fact]
    public async Task Imports_killed_at_random_points_and_restarted_give_the_aggregates_of_an_uninterrupted_run()
    {
        using var files = new DataDirectory();
        Directory.CreateDirectory(files.Path);
        var csv = Path.Combine(files.Path, "trades.csv");
        WriteTrades(csv, count: 400_000, seed: 11);

        using var reference = new DataDirectory();
        var uninterrupted = Stopwatch.StartNew();
        Assert.Equal(0, await ImportAsync(reference.Path, csv, killAfter: null));
        uninterrupted.Stop();
        var expected = await reference.AllCandlesAsync();
        Assert.Equal(400_000 - Duplicates(400_000), expected.Where(c => c.Interval.Minutes == 1).Sum(c => c.Count));

        // Kill points are fractions of what the uninterrupted run took on this machine, so a fast machine does not finish the
        // runs before they are killed (start-up, reading, appending and committing all fall inside that range).
        using var crashed = new DataDirectory();
        var random = new Random(5);
        var kills = 0;
        for (var attempt = 0; attempt < 6; attempt++)
            if (await ImportAsync(crashed.Path, csv, killAfter: uninterrupted.Elapsed * (0.1 + 0.6 * random.NextDouble())) != 0) kills++;
        Assert.Equal(0, await ImportAsync(crashed.Path, csv, killAfter: null));

        Assert.True(kills >= 3, $"only {kills} of 6 runs were killed before they finished; the test proves little");
        Assert.Equal(expected, await crashed.AllCandlesAsync());
    }

    /// <summary>Runs <c>import</c> in a child process; kills it with SIGKILL after <paramref name="killAfter"/> if it is still running.
    /// Returns its exit code, or -9 when it was killed.</summary>
    private static async Task<int> ImportAsync(string dataDirectory, string csv, TimeSpan? killAfter)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "MarketAnalytics.Api.dll"), "import", "--data-dir", dataDirectory,
                "--format", "trades-csv", "--venue", "bitmex", "--symbol", "XBTUSD", csv,
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(killAfter ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(); // SIGKILL on Linux
            await process.WaitForExitAsync();
            return killAfter is null ? throw new TimeoutException("import did not finish in 5 minutes") : -9;
        }
        if (process.ExitCode != 0) Assert.Fail($"import exited with {process.ExitCode}: {await output}{await errors}");
        return 0;
    }

    /// <summary>Trades over a few hours with every 50th line repeating an earlier trade, as overlapping exports do.</summary>
    private static void WriteTrades(string path, int count, int seed)
    {
        var random = new Random(seed);
        var start = new DateTime(2024, 8, 8, 0, 0, 0, DateTimeKind.Utc);
        var text = new StringBuilder("trade_id,timestamp,price,size,side\n");
        for (var i = 0; i < count; i++)
        {
            var id = i % 50 == 49 ? i - 10 : i;
            var time = start.AddMilliseconds(id * 37L);
            var price = 60000m + (id % 997) / 10m;
            var size = (id % 89 + 1) / 1000m;
            text.Append(CultureInfo.InvariantCulture, $"{id},{time:yyyy-MM-dd'T'HH:mm:ss.fff'Z'},{price},{size},{(id % 3 == 0 ? "sell" : "buy")}\n");
        }
        File.WriteAllText(path, text.ToString());
    }

    private static int Duplicates(int count) => count / 50;
}
