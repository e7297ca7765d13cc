using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using MarketAnalytics.Aggregate.Benchmarks;
using MarketAnalytics.Storage.Kafka.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(KafkaProduceBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.AddColumn(new TradesPerSecondColumn("Trades acknowledged by the brokers per second (1 / mean time per trade)")));
