using BenchmarkDotNet.Attributes;

namespace MarketAnalytics.Storage.EmbeddedLog.Benchmarks;

/// <summary>Start-up cost: opening a log of 2 million trades scans every record (checksums, sparse index, trade-id set). One
/// operation is one trade scanned.</summary>
[MemoryDiagnoser]
public class OpenBenchmarks
{
    private const int Trades = 2_000_000;

    private string _directory = "";

    [Params("number", "uuid")]
    public string Ids { get; set; } = "number";

    [GlobalSetup]
    public void WriteLog() => _directory = BenchmarkTrades.WriteLog(Ids, Trades);

    [GlobalCleanup]
    public void DeleteLog() => Directory.Delete(_directory, recursive: true);

    [Benchmark(OperationsPerInvoke = Trades)]
    public async Task OpenLog()
    {
        await using var log = EmbeddedLog.Open(_directory);
    }
}
