using Confluent.Kafka;
using MarketAnalytics.Core;
using MarketAnalytics.Storage.Kafka;
using MarketAnalytics.Storage.Postgres;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Api.DistributedTests;

/// <summary>One test's production backends: a librdkafka mock cluster in this process (child processes reach it over TCP on
/// 127.0.0.1) with uniquely named topics, and PostgreSQL schemas of the test's own, dropped afterwards.</summary>
public sealed class DistributedBackends : IAsyncDisposable
{
    private readonly MockKafka _kafka = new();
    private readonly List<TestSchema> _schemas = [];

    public DistributedBackends(int partitions = 4) => Log = _kafka.NewTopics(partitions);

    public KafkaLogOptions Log { get; }

    /// <summary>A new, empty schema for aggregates and offsets.</summary>
    public TestSchema NewSchema()
    {
        var schema = new TestSchema();
        _schemas.Add(schema);
        return schema;
    }

    public static string NewGroup() => $"aggregation-{Guid.NewGuid():N}";

    /// <summary>The environment settings that point a child process at this log and <paramref name="schema"/>, aggregating
    /// as <paramref name="group"/> in batches of at most <paramref name="maxBatchTrades"/> (small batches commit often, so
    /// a kill lands between commits).</summary>
    public Dictionary<string, string> Environment(TestSchema schema, string group, int maxBatchTrades = 200_000) => new()
    {
        ["Log__Kind"] = "Kafka",
        ["Log__Kafka__BootstrapServers"] = Log.BootstrapServers,
        ["Log__Kafka__Partitions"] = $"{Log.Partitions}",
        ["Log__Kafka__ReplicationFactor"] = $"{Log.ReplicationFactor}",
        ["Log__Kafka__TradesTopic"] = Log.TradesTopic,
        ["Log__Kafka__QuotesTopic"] = Log.QuotesTopic,
        ["Log__Kafka__OrdersTopic"] = Log.OrdersTopic,
        ["Log__Kafka__WalletsTopic"] = Log.WalletsTopic,
        ["Log__Kafka__SessionTimeoutMs"] = $"{Log.SessionTimeoutMs}",
        ["Store__Kind"] = "Postgres",
        ["Store__Postgres__ConnectionString"] = schema.Options.ConnectionString,
        ["Store__Postgres__Schema"] = schema.Options.Schema,
        ["Aggregation__Group"] = group,
        ["Aggregation__MaxBatchTrades"] = $"{maxBatchTrades}",
        ["Aggregation__PollInterval"] = "00:00:00.100",
    };

    public Task<KafkaMarketLog> OpenLogAsync() => KafkaMarketLog.OpenAsync(Log, CancellationToken.None);

    /// <summary>Whether <paramref name="group"/>'s offsets stored in <paramref name="store"/> (with its aggregates, in one
    /// transaction) have reached the end of every trades partition.</summary>
    public async Task<bool> CaughtUpAsync(PostgresAggregateStore store, string group)
    {
        var stored = await store.GetOffsetsAsync(group, CancellationToken.None);
        return EndOffsets().All(end => end.Value == 0 || stored.GetValueOrDefault(end.Key) == end.Value);
    }

    /// <summary>The sum over partitions of how far <paramref name="group"/> has committed.</summary>
    public static async Task<long> CommittedAsync(PostgresAggregateStore store, string group) =>
        (await store.GetOffsetsAsync(group, CancellationToken.None)).Values.Sum();

    /// <summary>Every stored 1m and 1h candle as comparable text.</summary>
    public static async Task<List<string>> CandlesAsync(PostgresAggregateStore store)
    {
        var candles = new List<Candle>();
        foreach (var interval in CandleInterval.Stored)
            candles.AddRange(await store.GetAllCandlesAsync(interval, DateTime.MinValue, DateTime.MaxValue, CancellationToken.None));
        return [.. candles.Select(TradeStream.Text).Order(StringComparer.Ordinal)];
    }

    /// <summary>The end offset of each trades partition, named as the store names them (<c>topic-N</c>).</summary>
    private Dictionary<string, long> EndOffsets()
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = Log.BootstrapServers,
            GroupId = $"ends-{Guid.NewGuid():N}",
        }).Build();
        return Enumerable.Range(0, Log.Partitions).ToDictionary(
            p => $"{Log.TradesTopic}-{p}",
            p => consumer.QueryWatermarkOffsets(new TopicPartition(Log.TradesTopic, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var schema in _schemas) await schema.DisposeAsync();
        _kafka.Dispose();
    }
}
