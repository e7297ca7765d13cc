using MarketAnalytics.Aggregate;
using MarketAnalytics.Core;
using MarketAnalytics.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MarketAnalytics.Storage.Kafka.Tests;

/// <summary>The aggregation job on the production backends: trades in Kafka (the mock cluster), aggregates and offsets in
/// PostgreSQL. Whatever stops or joins, the stored candles equal one pass of the aggregator over the distinct trades.</summary>
public sealed class AggregationThroughKafkaAndPostgresTests(MockKafka kafka) : IClassFixture<MockKafka>, IAsyncLifetime
{
    private static readonly DateTime Start = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly PostgresStoreOptions _storeOptions = new()
    {
        ConnectionString = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable) ?? "",
        Schema = $"test_{Guid.NewGuid():N}",
    };

    /// <summary>A seeded stream over 8 instruments and about two hours: late trades (up to 3 minutes back), repeated trades
    /// (the log drops them) and some non-market trades (left out of candles).</summary>
    private static List<Trade> Stream(int count, int seed)
    {
        var random = new Random(seed);
        var instruments = Enumerable.Range(0, 8).Select(i => InstrumentId.Of(Venues.Binance, $"COIN{i}USDT")).ToArray();
        var trades = new List<Trade>(count);
        for (var i = 0; i < count; i++)
        {
            if (i > 10 && random.Next(20) == 0)
            {
                trades.Add(trades[random.Next(i - 10, i)]);
                continue;
            }
            var late = random.Next(10) == 0 ? TimeSpan.FromSeconds(random.Next(180)) : TimeSpan.Zero;
            var time = Start.AddTicks(i * 17_000_000L + random.Next(10_000)) - late;
            var price = 100m + random.Next(10_000) / 100m;
            var quantity = random.Next(1, 10_000) / 1000m;
            trades.Add(new Trade(instruments[random.Next(instruments.Length)], $"{i + 1}", time, price, quantity, price * quantity,
                random.Next(2) == 0 ? TakerSide.Buy : TakerSide.Sell, IsMarket: random.Next(50) != 0));
        }
        return trades;
    }

    private static List<string> Expected(IEnumerable<Trade> trades)
    {
        var aggregator = new TradeAggregator();
        aggregator.AddRange(trades.DistinctBy(t => (t.Instrument, t.TradeId)));
        return [.. aggregator.TakeDeltas().Select(Text).Order()];
    }

    private static long MarketTrades(IEnumerable<Trade> trades) => trades.DistinctBy(t => (t.Instrument, t.TradeId)).Count(t => t.IsMarket);

    private async Task<List<string>> StoredAsync(PostgresAggregateStore store)
    {
        var stored = new List<Candle>();
        foreach (var interval in CandleInterval.Stored)
            stored.AddRange(await store.GetAllCandlesAsync(interval, Start.AddHours(-1), Start.AddHours(4), default));
        return [.. stored.Select(Text).Order()];
    }

    private static AggregationJob Job(KafkaMarketLog log, PostgresAggregateStore store, string group) =>
        new(log, store, Options.Create(new AggregationOptions
        {
            Group = group,
            MaxBatchTrades = 300,
            PollInterval = TimeSpan.FromMilliseconds(200),
        }), NullLogger<AggregationJob>.Instance);

    private static async Task Until(Func<bool> done)
    {
        // Bounded wait for asynchronous progress (group joins take seconds on the mock cluster), not a timing assertion.
        for (var attempt = 0; attempt < 600 && !done(); attempt++) await Task.Delay(100);
    }

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
        var trades = Stream(4000, seed: 7);
        var (first, second) = (trades[..2000], trades[2000..]);
        await log.AppendTradesAsync(first, default);
        var group = MockKafka.NewGroup();
        var (jobA, jobB) = (Job(log, store, group), Job(log, store, group));
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = jobA.RunAsync(stopA.Token);
        var runB = jobB.RunAsync(stopB.Token);

        await Until(() => jobA.CommittedTrades + jobB.CommittedTrades >= MarketTrades(first));
        Assert.Equal(Expected(first), await StoredAsync(store));

        await StopAsync(stopA, runA);
        var committedByA = jobA.CommittedTrades;
        await log.AppendTradesAsync(second, default);
        await Until(() => committedByA + jobB.CommittedTrades >= MarketTrades(trades));
        await StopAsync(stopB, runB);

        Assert.Equal(Expected(trades), await StoredAsync(store));
        Assert.Equal(MarketTrades(trades), committedByA + jobB.CommittedTrades);
        Assert.Equal(4, (await store.GetOffsetsAsync(group, default)).Count);
    }

    [PostgresFact]
    public async Task Stopping_the_job_at_random_points_and_restarting_it_counts_every_trade_once()
    {
        var topics = kafka.NewTopics(partitions: 4);
        await using var log = await KafkaMarketLog.OpenAsync(topics, default);
        await using var store = await PostgresAggregateStore.OpenAsync(_storeOptions, default);
        var trades = Stream(3000, seed: 11);
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
            await Until(() => Volatile.Read(ref seen) >= commits);
            await StopAsync(stop, run);
            committed += job.CommittedTrades;
        }
        var last = Job(log, store, group);
        using var stopLast = new CancellationTokenSource();
        var runLast = last.RunAsync(stopLast.Token);
        await Until(() => committed + last.CommittedTrades >= MarketTrades(trades));
        await StopAsync(stopLast, runLast);

        Assert.Equal(Expected(trades), await StoredAsync(store));
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

    private static string Text(Candle c) => string.Join("|", c.Instrument, c.Interval, c.OpenTime.Ticks, c.Count, c.Open, c.High, c.Low,
        c.Close, c.Volume, c.QuoteVolume, c.TakerBuyVolume, c.TakerBuyQuoteVolume, c.FirstTradeTime.Ticks, c.FirstTradeId,
        c.LastTradeTime.Ticks, c.LastTradeId);
}
