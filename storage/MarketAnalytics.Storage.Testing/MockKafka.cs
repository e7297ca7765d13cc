using MarketAnalytics.Storage.Kafka;

namespace MarketAnalytics.Storage.Testing;

/// <summary>One librdkafka mock cluster (3 brokers on 127.0.0.1), shared by a test class or owned by one test; each test takes
/// topics of its own. Child processes reach it over TCP as long as this process keeps it.</summary>
public sealed class MockKafka : IDisposable
{
    /// <summary>How long a member that stops without leaving keeps its partitions before the group hands them on (the
    /// default 45 s would make hand-over tests slow).</summary>
    public const int SessionTimeoutMs = 6000;

    private readonly KafkaMockCluster _cluster = KafkaMockCluster.Start(brokers: 3);

    /// <summary>Options for fresh, uniquely named trades, quotes, orders and wallets topics of <paramref name="partitions"/> partitions.</summary>
    public KafkaLogOptions NewTopics(int partitions = 4)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var options = new KafkaLogOptions
        {
            BootstrapServers = _cluster.BootstrapServers,
            Partitions = partitions,
            ReplicationFactor = 3,
            TradesTopic = $"trades-{suffix}",
            QuotesTopic = $"quotes-{suffix}",
            OrdersTopic = $"orders-{suffix}",
            WalletsTopic = $"wallets-{suffix}",
            SessionTimeoutMs = SessionTimeoutMs,
        };
        _cluster.CreateTopics(options, partitions, 3);
        return options;
    }

    public static string NewGroup() => $"group-{Guid.NewGuid():N}";

    public void Dispose() => _cluster.Dispose();
}
