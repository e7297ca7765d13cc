using System.Diagnostics;
using System.Globalization;
using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate.Benchmarks;

/// <summary>The aggregator's throughput measured in process CPU time rather than wall-clock time (<c>--cpu-time</c>).</summary>
/// <remarks>On a machine shared with other busy processes the wall clock counts time spent waiting for a core; CPU time does not,
/// so this gives the one-core figure there. Reports the best of <c>rounds</c> rounds of five 1M-trade passes each, after three warm-up
/// rounds; the clock ticks in milliseconds, so a round is five passes long.</remarks>
public static class CpuTimeMeasurement
{
    private const int Passes = 5;

    public static void Run(int rounds = 20)
    {
        var trades = TradeStream.Generate(1_000_000);
        var process = Process.GetCurrentProcess();
        var best = TimeSpan.MaxValue;
        for (var round = 0; round < rounds + 3; round++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            for (var pass = 0; pass < Passes; pass++) Aggregate(trades);
            process.Refresh();
            var spent = (process.TotalProcessorTime - before) / Passes;
            if (round >= 3 && spent < best) best = spent;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"TradeAggregator: best of {rounds} rounds {best.TotalMilliseconds:F1} ms CPU per {trades.Length:N0} trades = {trades.Length / best.TotalSeconds:N0} trades/s"));
    }

    private static void Aggregate(Trade[] trades)
    {
        var aggregator = new TradeAggregator();
        foreach (ref readonly var trade in trades.AsSpan()) aggregator.Add(trade);
        aggregator.TakeDeltas();
    }
}
