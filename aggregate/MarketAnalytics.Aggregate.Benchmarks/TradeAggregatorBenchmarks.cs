using BenchmarkDotNet.Attributes;
using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate.Benchmarks;

/// <summary>Folding pre-decoded trades into minute and hour deltas: the per-trade cost of the aggregation job without I/O.</summary>
[MemoryDiagnoser]
public class TradeAggregatorBenchmarks
{
    private const int Trades = 1_000_000;
    private Trade[] _trades = [];

    [GlobalSetup]
    public void GenerateTrades() => _trades = TradeStream.Generate(Trades);

    /// <summary>Adds one million trades and takes their deltas, as one 1M-trade batch of the job would.</summary>
    [Benchmark(OperationsPerInvoke = Trades)]
    public int AddThenTakeDeltas()
    {
        var aggregator = new TradeAggregator();
        foreach (ref readonly var trade in _trades.AsSpan()) aggregator.Add(trade);
        return aggregator.TakeDeltas().Count;
    }
}
