using System.Diagnostics;
using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.OrderBook.Tests;

public sealed class CrashTests : IDisposable
{
    private const int Rounds = 6;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Killing_the_exchange_at_random_moments_loses_no_acknowledged_command_and_keeps_funds_exact()
    {
        var random = new Random(42);
        var acknowledged = new List<string>();
        for (var round = 1; round <= Rounds; round++)
        {
            var acks = await RunUntilKilled(seed: round, killAfterAcks: random.Next(50, 2_500));
            acknowledged.AddRange(acks);
            var log = new RecordingMarketLog();
            await using var exchange = new ExchangeService(Options(), log, log, TimeProvider.System);
            await exchange.Query(engine =>
            {
                foreach (var ack in acknowledged) AssertDurable(engine, ack);
                var net = engine.NetDeposits().ToDictionary(b => b.Asset, b => b.Available);
                ExchangeInvariants.AssertFundsAndHolds(engine, net, new RandomCommands(round).Users);
                return true;
            });
        }
        Assert.True(acknowledged.Count > Rounds, "the child acknowledged almost nothing; the test proved little");
    }

    private ExchangeOptions Options() => new()
    {
        DataDirectory = Path.Combine(_directory.Path, "exchange"),
        SnapshotEveryCommands = 1_500,
        ClosedOrdersPerUser = 1_000_000,
    };

    /// <summary>Checks that what the child acknowledged is in the recovered state.</summary>
    private static void AssertDurable(MatchingEngine engine, string ack)
    {
        var words = ack.Split(' ');
        switch (words[0])
        {
            case "place":
                var order = engine.GetOrder(long.Parse(words[1]));
                Assert.True(order is not null, $"acknowledged order {words[1]} is lost");
                Assert.Equal(words[2], order.ClientOrderId);
                var acked = Enum.Parse<OrderStatus>(words[3]);
                if (acked >= OrderStatus.Filled) Assert.Equal(acked, order.Status);
                break;
            case "cancel" when words[2] == nameof(CancelOutcome.Canceled):
                Assert.Equal(OrderStatus.Canceled, engine.GetOrder(long.Parse(words[1]))?.Status);
                break;
            case "transfer" when words[4] == nameof(WalletOutcome.Applied):
                Assert.True(engine.IsReferenceApplied(long.Parse(words[1]), words[2], words[3]), $"acknowledged transfer {words[3]} is lost");
                break;
        }
    }

    private async Task<List<string>> RunUntilKilled(int seed, int killAfterAcks)
    {
        var ackFile = Path.Combine(_directory.Path, $"acks-{seed}.txt");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add(CrashHostPath());
        start.ArgumentList.Add(Path.Combine(_directory.Path, "exchange"));
        start.ArgumentList.Add(seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(ackFile);
        using var child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ReadAcks(ackFile).Count < killAfterAcks && !child.HasExited && DateTime.UtcNow < deadline) await Task.Delay(10);
        if (child.HasExited) Assert.Fail($"the crash host stopped by itself (exit code {child.ExitCode}): {await errors}");
        // Process.Kill sends SIGKILL on Linux: no finalizers, no flush, exactly like kill -9.
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
        return ReadAcks(ackFile);
    }

    /// <summary>The complete lines of the child's acknowledgement file (a line cut by the kill is not an acknowledgement).</summary>
    private static List<string> ReadAcks(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var text = new StreamReader(stream).ReadToEnd();
        var lines = text.Split('\n');
        return [.. lines.Take(lines.Length - 1).Where(l => l.StartsWith("ack ", StringComparison.Ordinal)).Select(l => l[4..])];
    }

    private static string CrashHostPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var project = output.Parent.Parent!.Parent!.FullName;
        var path = Path.Combine(project, "CrashHost", "bin", configuration, output.Name, "MarketAnalytics.OrderBook.CrashHost.dll");
        Assert.True(File.Exists(path), $"build the crash host first: {path}");
        return path;
    }
}
