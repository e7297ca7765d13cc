using MarketAnalytics.Aggregate;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Storage.Kafka.Tests;

/// <summary>The aggregation job on the production backends: trades in Kafka (the mock cluster), aggregates and offsets in
/// PostgreSQL. Whatever stops or joins, the stored candles equal one pass of the aggregator over the distinct trades.</summary>
public sealed class AggregationThroughKafkaAndPostgresTests(MockKafka kafka) : IClassFixture<MockKafka>, IAsyncLifetime
{
    private static readonly DateTime Start = TradeStream.Start;
    private readonly PostgresStoreOptions _storeOptions = new()
    {
        ConnectionString = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable) ?? "",
        Schema = $"test_{Guid.NewGuid():N}",
    };

    private static long MarketTrades(IEnumerable<Trade> trades) => trades.DistinctBy(t => (t.Instrument, t.TradeId)).Count(t => t.IsMarket);

    private async Task<List<string>> StoredAsync(PostgresAggregateStore store)
    {
        var stored = new List<Candle>();
        foreach (var interval in CandleInterval.Stored)
            stored.AddRange(await store.GetAllCandlesAsync(interval, Start.AddHours(-1), Start.AddHours(4), default));
        return [.. stored.Select(TradeStream.Text).Order()];
    }

    private static AggregationJob Job(KafkaMarketLog log, PostgresAggregateStore store, string group) =>
        new(log, store, Options.Create(new AggregationOptions
        {
            Group = group,
            MaxBatchTrades = 300,
            PollInterval = TimeSpan.FromMilliseconds(200),
        }), NullLogger<AggregationJob>.Instance);

    private static async Task StopAsync(CancellationTokenSource stop, Task run)
    {
        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
        }
    }

    [PostgresFact]
    public async Task Two_instances_share_four_partitions_and_one_stopping_hands_its_partitions_over_with_nothing_lost_or_doubled()
    {
        var topics = kafka.NewTopics(partitions: 4);
        await using var log = await KafkaMarketLog.OpenAsync(topics, default);
        await using var store = await PostgresAggregateStore.OpenAsync(_storeOptions, default);
        var trades = TradeStream.Generate(4000, seed: 7, ticksPerTrade: 17_000_000);
        var (first, second) = (trades[..2000], trades[2000..]);
        await log.AppendTradesAsync(first, default);
        var group = MockKafka.NewGroup();
        var (jobA, jobB) = (Job(log, store, group), Job(log, store, group));
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = jobA.RunAsync(stopA.Token);
        var runB = jobB.RunAsync(stopB.Token);

        await Eventually.TrueAsync(() => jobA.CommittedTrades + jobB.CommittedTrades >= MarketTrades(first), "both instances to commit the first part");
        Assert.Equal(TradeStream.ExpectedCandles(first), await StoredAsync(store));

        await StopAsync(stopA, runA);
        var committedByA = jobA.CommittedTrades;
        await log.AppendTradesAsync(second, default);
        await Eventually.TrueAsync(() => committedByA + jobB.CommittedTrades >= MarketTrades(trades), "instance B to take over and commit the second part");
        await StopAsync(stopB, runB);

        Assert.Equal(TradeStream.ExpectedCandles(trades), await StoredAsync(store));
        Assert.Equal(MarketTrades(trades), committedByA + jobB.CommittedTrades);
        Assert.Equal(4, (await store.GetOffsetsAsync(group, default)).Count);
    }

    [PostgresFact]
    public async Task Stopping_the_job_at_random_points_and_restarting_it_counts_every_trade_once()
    {
        var topics = kafka.NewTopics(partitions: 4);
        await using var log = await KafkaMarketLog.OpenAsync(topics, default);
        await using var store = await PostgresAggregateStore.OpenAsync(_storeOptions, default);
        var trades = TradeStream.Generate(3000, seed: 11, ticksPerTrade: 17_000_000);
        var group = MockKafka.NewGroup();
        var random = new Random(3);
        long committed = 0;

        for (var round = 0; round < 3; round++)
        {
            await log.AppendTradesAsync(trades.GetRange(round * 1000, 1000), default);
            var job = Job(log, store, group);
            using var stop = new CancellationTokenSource();
            var run = job.RunAsync(stop.Token);
            // Stop after a random number of commits, often mid-stream with a batch read but not yet committed.
            var commits = random.Next(1, 4);
            var seen = 0;
            job.Committed += _ => Interlocked.Increment(ref seen);
            await Eventually.TrueAsync(() => Volatile.Read(ref seen) >= commits, "the job's random number of commits");
            await StopAsync(stop, run);
            committed += job.CommittedTrades;
        }
        var last = Job(log, store, group);
        using var stopLast = new CancellationTokenSource();
        var runLast = last.RunAsync(stopLast.Token);
        await Eventually.TrueAsync(() => committed + last.CommittedTrades >= MarketTrades(trades), "the last job to catch up");
        await StopAsync(stopLast, runLast);

        Assert.Equal(TradeStream.ExpectedCandles(trades), await StoredAsync(store));
        Assert.Equal(MarketTrades(trades), committed + last.CommittedTrades);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_storeOptions.ConnectionString.Length == 0) return;
        await using var dataSource = NpgsqlDataSource.Create(_storeOptions.ConnectionString);
        await using var command = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {_storeOptions.Schema} CASCADE");
        await command.ExecuteNonQueryAsync();
    }
}
