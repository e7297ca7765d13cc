using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Confluent.Kafka;
using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.Kafka.Benchmarks;

/// <summary>The log's produce path against a bare Confluent.Kafka produce loop, both to librdkafka's mock cluster with the same
/// producer settings (idempotent, acks=all), each invocation producing <see cref="Trades"/> trades and waiting for every ack.</summary>
/// <remarks>The bare loop sends values encoded before the timer starts, so the adapter's cost includes encoding, the
/// per-instrument dedupe and delivery tracking. The adapter appends in batches of <see cref="BatchSize"/> with
/// <see cref="InFlight"/> appends outstanding.</remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8, invocationCount: 1)]
public class KafkaProduceBenchmarks
{
    private const int Trades = 200_000;
    private static readonly InstrumentId[] Instruments =
        [.. Enumerable.Range(0, 10).Select(i => InstrumentId.Of(Venues.Binance, $"COIN{i}USDT"))];

    private KafkaMockCluster _cluster = null!;
    private KafkaMarketLog _log = null!;
    private IProducer<byte[], byte[]> _bare = null!;
    private string _bareTopic = null!;
    private byte[][] _keys = null!;
    private List<Trade> _trades = [];
    private Message<byte[], byte[]>[] _messages = [];
    private long _nextId;

    [Params(1_000, 10_000)]
    public int BatchSize { get; set; }

    /// <summary>Appends the caller keeps outstanding: 1 awaits each before the next; more let producing overlap the wait for
    /// acks (the log awaits acks outside its append gate), as a reader serving several connections would.</summary>
    [Params(1, 4)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _cluster = KafkaMockCluster.Start(brokers: 3);
        var options = new KafkaLogOptions { BootstrapServers = _cluster.BootstrapServers, Partitions = 4, ReplicationFactor = 3 };
        _bareTopic = "bare-trades";
        _cluster.CreateTopics(options, 4, 3);
        _cluster.CreateTopic(_bareTopic, 4, 3);
        _log = KafkaMarketLog.OpenAsync(options, default).GetAwaiter().GetResult();
        _bare = new ProducerBuilder<byte[], byte[]>(KafkaMarketLog.ProducerConfig(options)).Build();
        _keys = [.. Instruments.Select(i => Encoding.UTF8.GetBytes(i.ToString()))];
    }

    [IterationSetup]
    public void NewTrades()
    {
        // Fresh ids every iteration, or the log would drop them all as duplicates.
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        _trades = [.. Enumerable.Range(0, Trades).Select(i =>
        {
            var id = _nextId++;
            return new Trade(Instruments[i % Instruments.Length], $"{id}", start.AddTicks(id * 1_000), 65000.10m + i % 100, 0.015m,
                (65000.10m + i % 100) * 0.015m, i % 2 == 0 ? TakerSide.Buy : TakerSide.Sell);
        })];
        _messages = [.. _trades.Select((t, i) => new Message<byte[], byte[]>
        {
            Key = _keys[i % _keys.Length], Value = LogRecordCodec.EncodeTrade(t), Timestamp = KafkaMarketLog.TimestampOf(t.Time),
        })];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Trades)]
    public async Task BareConfluentProduceLoop()
    {
        var tracker = new DeliveryTracker();
        foreach (var message in _messages)
        {
            while (true)
            {
                tracker.Expect();
                try
                {
                    _bare.Produce(_bareTopic, message, tracker.OnReport);
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    tracker.Withdraw();
                    Thread.Sleep(1);
                }
            }
        }
        tracker.Seal();
        await tracker.Completion;
    }

    [Benchmark(OperationsPerInvoke = Trades)]
    public async Task KafkaMarketLogAppendTrades()
    {
        var outstanding = new Queue<Task<MarketAnalytics.Core.Ports.AppendResult>>();
        for (var at = 0; at < _trades.Count; at += BatchSize)
        {
            if (outstanding.Count == InFlight) await outstanding.Dequeue();
            outstanding.Enqueue(_log.AppendTradesAsync(_trades.GetRange(at, Math.Min(BatchSize, _trades.Count - at)), default).AsTask());
        }
        await Task.WhenAll(outstanding);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _cluster.Dispose();
    }
}
