namespace MarketAnalytics.Storage.Kafka.Tests;

/// <summary>One librdkafka mock cluster (3 brokers on 127.0.0.1) shared by a test class; each test takes topics of its own.</summary>
public sealed class MockKafka : IDisposable
{
    private readonly KafkaMockCluster _cluster = KafkaMockCluster.Start(brokers: 3);

    /// <summary>Options for fresh, uniquely named trades, quotes, orders and wallets topics of <paramref name="partitions"/> partitions.</summary>
    /// <remarks>The mock cluster does not implement CreateTopics, so the topics are made in it directly; the log finds them
    /// existing and skips creation, as it does in production once topics exist.</remarks>
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
        _cluster.CreateTopic(options.TradesTopic, partitions, 3);
        _cluster.CreateTopic(options.QuotesTopic, partitions, 3);
        _cluster.CreateTopic(options.OrdersTopic, partitions, 3);
        _cluster.CreateTopic(options.WalletsTopic, partitions, 3);
        return options;
    }

    public static string NewGroup() => $"group-{Guid.NewGuid():N}";

    public void Dispose() => _cluster.Dispose();
}
