using BenchmarkDotNet.Running;
using MarketAnalytics.Storage.EmbeddedLog.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(AppendBenchmarks).Assembly).Run(args);
