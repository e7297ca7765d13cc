// BenchmarkDotNet by default; "measure <mode>" for the plain measured runs:
//   measure throughput [commands]          engine alone, one thread
//   measure latency [rate] [seconds]       engine alone at a constant offered rate, per-command latency percentiles
//   measure journal [commands] [batch]     engine + journal with one fsync per batch
//   measure jitter [seconds]               the machine alone: how often a spinning thread loses its core
//   measure service [clients] [seconds]    the whole ExchangeService through its async API
using System.Globalization;
using BenchmarkDotNet.Running;
using MarketAnalytics.OrderBook.Benchmarks;

if (args.Length > 0 && args[0] == "measure")
{
    int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
    var scratch = Path.Combine(Path.GetTempPath(), "exchange-bench-" + Environment.ProcessId);
    try
    {
        switch (args.Length > 1 ? args[1] : "throughput")
        {
            case "throughput": Measurements.Throughput(Arg(2, 20_000_000)); break;
            case "latency": Measurements.Latency(Arg(2, 1_000_000), Arg(3, 5)); break;
            case "journal": Measurements.Journaled(Arg(2, 5_000_000), Arg(3, 16_384), scratch); break;
            case "jitter": Measurements.Jitter(Arg(2, 3)); break;
            case "service": await Measurements.ServiceAsync(Arg(2, 512), Arg(3, 10), scratch); break;
            default: Console.Error.WriteLine($"unknown mode {args[1]}"); return 2;
        }
    }
    finally
    {
        if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
    }
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(EngineMixBenchmark).Assembly).Run(args);
return 0;
