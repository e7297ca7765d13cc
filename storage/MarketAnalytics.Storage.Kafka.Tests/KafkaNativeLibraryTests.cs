using Confluent.Kafka;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Storage.Kafka.Tests;

public sealed class KafkaNativeLibraryTests(MockKafka kafka) : IClassFixture<MockKafka>
{
    [Fact]
    public async Task Clients_and_the_mock_cluster_share_the_self_contained_librdkafka_from_the_redist_package()
    {
        var options = kafka.NewTopics(partitions: 1);
        await using var log = await KafkaMarketLog.OpenAsync(options, default);
        var trade = new Trade(InstrumentId.Of(Venues.Binance, "BTCUSDT"), "1", new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc),
            65000.10m, 0.015m, 975.0015m, TakerSide.Buy);
        Assert.Equal(new AppendResult(1, 0), await log.AppendTradesAsync([trade], default));

        Assert.StartsWith("2.16.", Library.VersionString);
        // Every librdkafka mapped into this process: the mock cluster's and the clients' must be one and the same file, the
        // package's, never an OS copy such as Debian's /usr/lib/x86_64-linux-gnu/librdkafka.so.1.
        var loaded = File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/') is var at and >= 0 ? line[at..] : "")
            .Where(path => Path.GetFileName(path).Contains("rdkafka", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.Equal([Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "centos8-librdkafka.so")], loaded);
    }
}
