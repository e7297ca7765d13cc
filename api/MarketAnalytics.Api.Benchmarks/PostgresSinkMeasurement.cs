using System.Diagnostics;
using System.Globalization;
using MarketAnalytics.Aggregate;
using MarketAnalytics.Core;
using MarketAnalytics.Storage.Kafka;
using MarketAnalytics.Storage.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Benchmarks;

/// <summary>The distributed sink: trades already in Kafka (librdkafka's mock cluster, 4 partitions) aggregated by the streaming
/// job into PostgreSQL, batching commits, until the stored offsets reach the topic's end.</summary>
/// <remarks>librdkafka's mock cluster drops a partition's oldest records beyond its in-memory limit, so of a large stream only
/// the newest part is there to aggregate; the rate is measured on what is.</remarks>
internal static class PostgresSinkMeasurement
{
    public static async Task<int> RunAsync(int count)
    {
        var connection = Environment.GetEnvironmentVariable("MA_TEST_POSTGRES");
        if (string.IsNullOrEmpty(connection))
        {
            Console.Error.WriteLine("set MA_TEST_POSTGRES (eval \"$(scripts/services.sh start)\")");
            return 1;
        }
        using var cluster = KafkaMockCluster.Start(3);
        var options = new KafkaLogOptions { BootstrapServers = cluster.BootstrapServers, TradesTopic = "bench-trades", QuotesTopic = "bench-quotes" };
        cluster.CreateTopics(options, 4);
        await using var log = await KafkaMarketLog.OpenAsync(options, CancellationToken.None);
        var instruments = Enumerable.Range(0, 8).Select(i => InstrumentId.Of(Venues.Binance, $"COIN{i}USDT")).ToArray();
        var start = new DateTime(2024, 8, 8, 0, 0, 0, DateTimeKind.Utc);
        var random = new Random(3);
        for (var offset = 0; offset < count; offset += 10_000)
        {
            var batch = Enumerable.Range(offset, Math.Min(10_000, count - offset)).Select(i =>
            {
                var price = 100m + random.Next(10_000) / 100m;
                var quantity = random.Next(1, 10_000) / 1000m;
                return new Trade(instruments[i % instruments.Length], (i + 1).ToString(CultureInfo.InvariantCulture),
                    start.AddMilliseconds(i * 30), price, quantity, price * quantity, i % 3 == 0 ? TakerSide.Sell : TakerSide.Buy);
            }).ToList();
            await log.AppendTradesAsync(batch, CancellationToken.None);
        }

        var schema = $"bench_{Guid.NewGuid():N}";
        await using var store = await PostgresAggregateStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connection, Schema = schema }, CancellationToken.None);
        using var loggers = LoggerFactory.Create(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Information));
        var job = new AggregationJob(log, store, Options.Create(new AggregationOptions { Group = "bench" }), loggers.CreateLogger<AggregationJob>());
        // Timed from the first commit on: joining the consumer group takes seconds and says nothing about the sink.
        var clock = new Stopwatch();
        long firstBatch = 0;
        job.Committed += batch =>
        {
            if (clock.IsRunning) return;
            clock.Start();
            firstBatch = batch.Trades.Count;
        };
        await job.DrainAsync(CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        var timed = job.CommittedTrades - firstBatch;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Kafka (mock, 4 partitions) -> aggregates in PostgreSQL: {job.CommittedTrades:N0} trades aggregated (the mock cluster keeps only the newest records of a partition: {count:N0} were produced); after the first commit {timed:N0} trades in {seconds:F2} s = {timed / seconds:N0} trades/s (schema {schema})"));
        return 0;
    }
}
