using BenchmarkDotNet.Attributes;
using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog.Benchmarks;

/// <summary>Append throughput: batches of new trades, each append returning after its fsync, with one appender or several
/// sharing group commits. One operation is one trade.</summary>
[MemoryDiagnoser]
public class AppendBenchmarks
{
    private const int TradesPerInvocation = 640_000;

    private Trade[][] _batches = [];
    private EmbeddedLog? _log;
    private string _directory = "";

    [Params(10_000, 64_000)]
    public int BatchSize { get; set; }

    [Params("number", "uuid")]
    public string Ids { get; set; } = "number";

    [Params(1, 4)]
    public int Appenders { get; set; }

    [GlobalSetup]
    public void MakeTrades() =>
        _batches = Enumerable.Range(0, TradesPerInvocation / BatchSize)
            .Select(b => BenchmarkTrades.Make(Ids, 1 + (long)b * BatchSize, BatchSize)).ToArray();

    // Each invocation writes the same trades into a fresh log, so none is a duplicate.
    [IterationSetup]
    public void OpenFreshLog()
    {
        _directory = BenchmarkTrades.ScratchDirectory();
        _log = EmbeddedLog.Open(_directory);
    }

    [IterationCleanup]
    public void DeleteLog()
    {
        _log!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = TradesPerInvocation)]
    public async Task AppendTrades()
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Appenders).Select(_ => Task.Run(async () =>
        {
            int batch;
            while ((batch = Interlocked.Increment(ref next)) < _batches.Length)
                await _log!.AppendTradesAsync(_batches[batch], CancellationToken.None);
        })));
    }
}
