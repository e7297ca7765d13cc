using BenchmarkDotNet.Attributes;
using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate.Benchmarks;

/// <summary>Folding pre-decoded trades into minute and hour deltas: the per-trade cost of the aggregation job without I/O.</summary>
[MemoryDiagnoser]
public class TradeAggregatorBenchmarks
{
    private const int Trades = 1_000_000;
    private Trade[] _trades = [];
    private IReadOnlyList<Trade> _batch = [];

    [GlobalSetup]
    public void GenerateTrades()
    {
        _trades = TradeStream.Generate(Trades);
        _batch = _trades.ToList();
    }

    /// <summary>Adds one million trades and takes their deltas, as one 1M-trade batch of the job would.</summary>
    [Benchmark(OperationsPerInvoke = Trades)]
    public int AddThenTakeDeltas()
    {
        var aggregator = new TradeAggregator();
        foreach (ref readonly var trade in _trades.AsSpan()) aggregator.Add(trade);
        return aggregator.TakeDeltas().Count;
    }

    /// <summary>The same through <see cref="TradeAggregator.AddRange"/> with the list a consumer batch holds, as the job calls it.</summary>
    [Benchmark(OperationsPerInvoke = Trades)]
    public int AddRangeOfBatchThenTakeDeltas()
    {
        var aggregator = new TradeAggregator();
        aggregator.AddRange(_batch);
        return aggregator.TakeDeltas().Count;
    }
}
