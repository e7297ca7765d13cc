using FsCheck;
using FsCheck.Fluent;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.EmbeddedLog;
using MarketAnalytics.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Aggregate.Tests;

/// <summary>The job against the real embedded log and SQLite store, each in a temporary directory.</summary>
public sealed class AggregationJobTests : IAsyncLifetime
{
    private static readonly InstrumentId Btc = InstrumentId.Parse("binance:BTCUSDT");
    private static readonly DateTime Minute = new(2026, 11, 21, 13, 47, 0, DateTimeKind.Utc);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "marketanalytics-job-" + Guid.NewGuid().ToString("N"));
    private EmbeddedLog _log = null!;
    private SqliteAggregateStore _store = null!;

    private string LogDirectory => Path.Combine(_directory, "log");

    private string StorePath => Path.Combine(_directory, "aggregates.db");

    public Task InitializeAsync()
    {
        _log = EmbeddedLog.Open(LogDirectory);
        _store = SqliteAggregateStore.Open(StorePath);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_drained_log_gives_the_candles_of_its_trades()
    {
        var trades = Sample(seed: 1);
        foreach (var chunk in trades.Chunk(97)) await _log.AppendTradesAsync(chunk, default);

        await Job(maxBatchTrades: 41).DrainAsync(default);

        await AssertStoreHoldsTheCandlesOf(trades);
        var offsets = await _store.GetOffsetsAsync("aggregation", default);
        Assert.Equal(_log.TradePartitions.ToDictionary(p => p.Name, p => p.EndOffset), offsets);
    }

    [Fact]
    public async Task A_late_trade_updates_its_committed_minute()
    {
        await _log.AppendTradesAsync([Trade("100", Minute.AddSeconds(10), 100m), Trade("101", Minute.AddSeconds(20), 101m)], default);
        var job = Job();
        await job.DrainAsync(default);
        await _log.AppendTradesAsync([Trade("102", Minute.AddMinutes(5), 102m)], default);
        await job.DrainAsync(default);

        await _log.AppendTradesAsync([Trade("99", Minute.AddSeconds(5), 98.5m)], default);
        await job.DrainAsync(default);

        var minute = Assert.Single(await _store.GetCandlesAsync(Btc, CandleInterval.OneMinute, Minute, Minute.AddMinutes(1), default));
        Assert.Equal((3L, 98.5m, 101m, "99", "101"), (minute.Count, minute.Open, minute.Close, minute.FirstTradeId, minute.LastTradeId));
        var hour = Assert.Single(await _store.GetCandlesAsync(Btc, CandleInterval.OneHour, Minute.AddHours(-1), Minute.AddHours(1), default));
        Assert.Equal((4L, 98.5m, 102m, 98.5m), (hour.Count, hour.Open, hour.Close, hour.Low));
    }

    [Fact]
    public async Task A_restarted_job_continues_from_the_stored_offsets_without_counting_twice()
    {
        var trades = Sample(seed: 2);
        var half = trades.Count / 2;
        await _log.AppendTradesAsync(trades.Take(half).ToList(), default);
        var first = Job(maxBatchTrades: 50);
        await first.DrainAsync(default);

        await _log.DisposeAsync();
        await _store.DisposeAsync();
        _log = EmbeddedLog.Open(LogDirectory);
        _store = SqliteAggregateStore.Open(StorePath);
        await _log.AppendTradesAsync(trades, default);
        var restarted = Job(maxBatchTrades: 50);
        await restarted.DrainAsync(default);

        await AssertStoreHoldsTheCandlesOf(trades);
        Assert.Equal(trades.Count(t => t.IsMarket), first.CommittedTrades + restarted.CommittedTrades);
    }

    [Fact]
    public async Task Draining_again_with_nothing_new_changes_nothing()
    {
        var trades = Sample(seed: 3);
        await _log.AppendTradesAsync(trades, default);
        var job = Job();
        await job.DrainAsync(default);
        var committed = job.CommittedTrades;

        await job.DrainAsync(default);
        await Job().DrainAsync(default);

        Assert.Equal(committed, job.CommittedTrades);
        await AssertStoreHoldsTheCandlesOf(trades);
    }

    [Fact]
    public async Task A_running_job_commits_trades_as_they_are_appended_and_stops_when_cancelled()
    {
        var trades = Sample(seed: 4);
        var expected = trades.Count(t => t.IsMarket);
        var job = Job(maxBatchTrades: 64);
        var allCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        job.Committed += _ =>
        {
            if (job.CommittedTrades == expected) allCommitted.TrySetResult();
        };
        using var cancellation = new CancellationTokenSource();
        var running = Task.Run(() => job.RunAsync(cancellation.Token));

        foreach (var chunk in trades.Chunk(150)) await _log.AppendTradesAsync(chunk, default);
        await allCommitted.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await AssertStoreHoldsTheCandlesOf(trades);
    }

    [Fact]
    public async Task Offsets_committed_by_another_member_are_where_the_job_resumes()
    {
        var trades = Enumerable.Range(1, 10).Select(i => Trade(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Minute.AddSeconds(i), 100m + i)).ToList();
        await _log.AppendTradesAsync(trades, default);
        var partition = Assert.Single(_log.TradePartitions).Name;
        Assert.True(await _store.CommitAsync("aggregation", [], [new LogRange(partition, 0, 4)], default));

        await Job().DrainAsync(default);

        var minute = Assert.Single(await _store.GetCandlesAsync(Btc, CandleInterval.OneMinute, Minute, Minute.AddMinutes(1), default));
        Assert.Equal((6L, "5", "10"), (minute.Count, minute.FirstTradeId, minute.LastTradeId));
    }

    [Fact]
    public async Task Offsets_another_member_commits_while_the_job_runs_are_read_again_when_its_commit_is_refused()
    {
        var trades = Enumerable.Range(1, 10).Select(i => Trade(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Minute.AddSeconds(i), 100m + i)).ToList();
        await _log.AppendTradesAsync(trades[..4], default);
        var partition = Assert.Single(_log.TradePartitions).Name;
        var job = Job();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        job.Committed += batch =>
        {
            first.TrySetResult();
            if (batch.Ranges.Any(r => r.To == trades.Count)) last.TrySetResult();
        };
        using var stop = new CancellationTokenSource();
        var running = job.RunAsync(stop.Token);
        await first.Task.WaitAsync(TimeSpan.FromMinutes(1));

        // Another member of the group takes the partition for a while and counts trades 5 to 8; this job still stands at 4.
        var other = new TradeAggregator();
        other.AddRange(trades[4..8]);
        Assert.True(await _store.CommitAsync("aggregation", other.TakeDeltas(), [new LogRange(partition, 4, 8)], default));
        await _log.AppendTradesAsync(trades[4..], default);
        await last.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await AssertStoreHoldsTheCandlesOf(trades);
    }

    private AggregationJob Job(int maxBatchTrades = 200_000) => new(
        _log, _store,
        Options.Create(new AggregationOptions { MaxBatchTrades = maxBatchTrades, PollInterval = TimeSpan.FromMilliseconds(20) }),
        NullLogger<AggregationJob>.Instance);

    private async Task AssertStoreHoldsTheCandlesOf(IReadOnlyCollection<Trade> trades)
    {
        var minutes = await _store.GetAllCandlesAsync(CandleInterval.OneMinute, DateTime.MinValue, DateTime.MaxValue, default);
        var hours = await _store.GetAllCandlesAsync(CandleInterval.OneHour, DateTime.MinValue, DateTime.MaxValue, default);
        var expected = ReferenceCandles.MinutesAndHours(trades);
        Assert.Equal(expected, [.. minutes.OrderBy(c => c.Instrument).ThenBy(c => c.OpenTime), .. hours.OrderBy(c => c.Instrument).ThenBy(c => c.OpenTime)]);
        Assert.Equal(expected.Select(c => c.Volume.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            minutes.OrderBy(c => c.Instrument).ThenBy(c => c.OpenTime).Concat(hours.OrderBy(c => c.Instrument).ThenBy(c => c.OpenTime))
                .Select(c => c.Volume.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static List<Trade> Sample(int seed) => Gen.Sample(MarketTrades.Stream(600), 600, new Rnd((ulong)seed, 0x9E3779B97F4A7C15UL), 1)[0];

    private static Trade Trade(string id, DateTime time, decimal price) => new(Btc, id, time, price, 1.5m, price * 1.5m, TakerSide.Buy);
}
