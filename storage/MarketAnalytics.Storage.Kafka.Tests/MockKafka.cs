namespace MarketAnalytics.Storage.Kafka.Tests;

/// <summary>One librdkafka mock cluster (3 brokers on 127.0.0.1) shared by a test class; each test takes topics of its own.</summary>
public sealed class MockKafka : IDisposable
{
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
            // A member that stops without leaving cleanly hands its partitions over after this long, not the default 45 s.
            SessionTimeoutMs = 6000,
        };
        _cluster.CreateTopics(options, partitions, 3);
        return options;
    }

    public static string NewGroup() => $"group-{Guid.NewGuid():N}";

    public void Dispose() => _cluster.Dispose();
}
