using BenchmarkDotNet.Attributes;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.EmbeddedLog.Benchmarks;

/// <summary>Consume throughput: a new consumer reads a 2-million-trade partition from offset 0 in batches of
/// <see cref="MaxTrades"/> (the page cache holds the files, as it does for a consumer that keeps up). One operation is one trade.</summary>
[MemoryDiagnoser]
public class ConsumeBenchmarks
{
    private const int Trades = 2_000_000;

    private string _directory = "";
    private EmbeddedLog? _log;

    [Params("number", "uuid")]
    public string Ids { get; set; } = "number";

    [Params(1_000, 64_000)]
    public int MaxTrades { get; set; }

    [GlobalSetup]
    public void WriteLog()
    {
        _directory = BenchmarkTrades.WriteLog(Ids, Trades);
        _log = EmbeddedLog.Open(_directory);
    }

    [GlobalCleanup]
    public void DeleteLog()
    {
        _log!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Trades)]
    public async Task<int> ConsumeAll()
    {
        await using var consumer = _log!.OpenTradeConsumer("benchmark", _ => new Dictionary<string, long>());
        var read = 0;
        TradeBatch batch;
        while (!(batch = await consumer.ReadAsync(MaxTrades, TimeSpan.Zero, CancellationToken.None)).IsEmpty) read += batch.Trades.Count;
        return read;
    }
}
