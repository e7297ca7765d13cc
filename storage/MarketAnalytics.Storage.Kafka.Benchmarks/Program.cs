using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using MarketAnalytics.Storage.Kafka.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(KafkaProduceBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.AddColumn(new TradesPerSecondColumn()));
