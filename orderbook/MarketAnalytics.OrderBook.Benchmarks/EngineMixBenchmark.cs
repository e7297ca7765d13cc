using BenchmarkDotNet.Attributes;

namespace MarketAnalytics.OrderBook.Benchmarks;

/// <summary>The engine alone on the command mix of <see cref="OrderFlow"/>, per command.</summary>
[MemoryDiagnoser]
public class EngineMixBenchmark
{
    private const int Commands = 100_000;
    private OrderFlow _flow = null!;
    private long _time;

    [GlobalSetup]
    public void Setup()
    {
        _flow = new OrderFlow(OrderFlow.NewEngine());
        for (var i = 0; i < 1_000_000; i++) _flow.Step(++_time);
    }

    [Benchmark(OperationsPerInvoke = Commands)]
    public void Mix()
    {
        for (var i = 0; i < Commands; i++) _flow.Step(++_time);
    }
}
