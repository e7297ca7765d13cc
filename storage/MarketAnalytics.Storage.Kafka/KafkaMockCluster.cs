using System.Runtime.InteropServices;
using System.Text;

namespace MarketAnalytics.Storage.Kafka;

/// <summary>librdkafka's in-process mock Kafka cluster: brokers that speak the Kafka protocol on 127.0.0.1, for tests,
/// benchmarks and local runs where no Kafka broker is installed.</summary>
/// <remarks>Supports producing (idempotent and transactional), fetching and consumer groups; it does not look offsets up by
/// time (see <see cref="KafkaMarketLog.ReplayTradesAsync"/>) and keeps everything in memory until disposed. Calls the same native
/// library as Confluent.Kafka (<see cref="KafkaNativeLibrary"/>).</remarks>
public sealed class KafkaMockCluster : IDisposable
{
    private const string Library = KafkaNativeLibrary.ImportName;
    private const int ProducerType = 0;
    private IntPtr _client;
    private IntPtr _cluster;

    private KafkaMockCluster(IntPtr client, IntPtr cluster, string bootstrapServers)
    {
        _client = client;
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The <c>host:port</c> list of the mock brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers.</summary>
    public static KafkaMockCluster Start(int brokers = 3)
    {
        var errors = new StringBuilder(512);
        // The cluster lives inside a librdkafka client instance; a producer handle that never produces is the lightest one.
        var conf = rd_kafka_conf_new();
        // That handle has no bootstrap servers, which librdkafka reports as a notice on every start; warnings and errors stay.
        var client = rd_kafka_conf_set(conf, "log_level", "4", errors, (UIntPtr)errors.Capacity) == 0
            ? rd_kafka_new(ProducerType, conf, errors, (UIntPtr)errors.Capacity)
            : IntPtr.Zero;
        if (client == IntPtr.Zero)
        {
            // rd_kafka_new takes the configuration only when it succeeds.
            rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException($"librdkafka could not create a client: {errors}");
        }
        var cluster = rd_kafka_mock_cluster_new(client, brokers);
        if (cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(client);
            throw new InvalidOperationException("librdkafka could not start a mock cluster.");
        }
        var bootstrap = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster))
            ?? throw new InvalidOperationException("The mock cluster has no bootstrap servers.");
        return new KafkaMockCluster(client, cluster, bootstrap);
    }

    /// <summary>Creates the log's topics (<see cref="KafkaLogOptions.Topics"/>) directly in the mock cluster, which does not
    /// implement the admin API's CreateTopics; the log then finds them existing, as in production once they exist.</summary>
    public void CreateTopics(KafkaLogOptions options, int partitions, int replicationFactor = 1)
    {
        foreach (var topic in options.Topics) CreateTopic(topic, partitions, replicationFactor);
    }

    /// <summary>Creates one topic directly in the mock cluster.</summary>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        var error = rd_kafka_mock_topic_create(_cluster, topic, partitions, replicationFactor);
        if (error != 0) throw new InvalidOperationException($"The mock cluster could not create topic {topic}: error {error}.");
    }

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero) rd_kafka_mock_cluster_destroy(_cluster);
        if (_client != IntPtr.Zero) rd_kafka_destroy(_client);
        _cluster = _client = IntPtr.Zero;
    }

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_conf_new();

    [DllImport(Library)]
    private static extern void rd_kafka_conf_destroy(IntPtr conf);

    [DllImport(Library, CharSet = CharSet.Ansi)]
    private static extern int rd_kafka_conf_set(IntPtr conf, string name, string value, StringBuilder errstr, UIntPtr errstrSize);

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_new(int type, IntPtr conf, StringBuilder errstr, UIntPtr errstrSize);

    [DllImport(Library)]
    private static extern void rd_kafka_destroy(IntPtr rk);

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [DllImport(Library)]
    private static extern void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [DllImport(Library, CharSet = CharSet.Ansi)]
    private static extern int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitionCount, int replicationFactor);
}
