using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using MarketAnalytics.Aggregate.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.AddColumn(new TradesPerSecondColumn()));
