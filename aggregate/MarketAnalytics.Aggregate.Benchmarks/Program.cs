using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using MarketAnalytics.Aggregate.Benchmarks;

if (args is ["--cpu-time", ..])
    CpuTimeMeasurement.Run();
else
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.AddColumn(new TradesPerSecondColumn()));
