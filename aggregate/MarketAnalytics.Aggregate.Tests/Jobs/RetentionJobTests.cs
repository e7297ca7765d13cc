using System.Globalization;
using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Core;
using MarketAnalytics.Storage.EmbeddedLog;
using MarketAnalytics.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MarketAnalytics.Aggregate.Tests.Jobs;

/// <summary>The retention job over the real embedded log (small segments, so there are several to drop) and SQLite store.</summary>
public sealed class RetentionJobTests : IAsyncLifetime
{
    private static readonly InstrumentId Btc = InstrumentId.Parse("binance:BTCUSDT");
    private static readonly DateTime Start = new(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "marketanalytics-retention-" + Guid.NewGuid().ToString("N"));
    private EmbeddedLog _log = null!;
    private SqliteAggregateStore _store = null!;

    public Task InitializeAsync()
    {
        _log = EmbeddedLog.Open(Path.Combine(_directory, "log"), new EmbeddedLogOptions { SegmentBytes = 64 * 1024, RecordsPerIndexBlock = 64 });
        _store = SqliteAggregateStore.Open(Path.Combine(_directory, "aggregates.db"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Retention_drops_log_segments_older_than_the_configured_days_and_keeps_the_aggregates()
    {
        // One trade every 15 minutes for 60 days: the first half is older than the 30 days kept.
        var trades = Enumerable.Range(0, 60 * 96)
            .Select(i => new Trade(Btc, i.ToString(CultureInfo.InvariantCulture), Start.AddMinutes(15 * i), 100m + i % 7, 1m, 100m + i % 7, TakerSide.Buy))
            .ToList();
        await _log.AppendTradesAsync(trades, default);
        await new AggregationJob(_log, _store, Options.Create(new AggregationOptions()), NullLogger<AggregationJob>.Instance).DrainAsync(default);
        var minutesBefore = await _store.GetAllCandlesAsync(CandleInterval.OneMinute, DateTime.MinValue, DateTime.MaxValue, default);
        var clock = new FakeTimeProvider(new DateTimeOffset(Start.AddDays(60).Ticks, TimeSpan.Zero));
        var job = new RetentionJob(_log, Options.Create(new JobsOptions { Retention = { Days = 30 } }), clock);

        var result = await job.RunAsync(default);

        var kept = Assert.Single(_log.TradePartitions);
        Assert.InRange(kept.StartOffset, 1, 30 * 96);
        Assert.Equal(trades.Count, kept.EndOffset);
        Assert.True(trades[(int)kept.StartOffset - 1].Time < Start.AddDays(30), "only segments wholly before the cutoff are dropped");
        Assert.StartsWith("dropped ", result.Summary);
        Assert.DoesNotContain("dropped 0 ", result.Summary);
        Assert.Equal(minutesBefore, await _store.GetAllCandlesAsync(CandleInterval.OneMinute, DateTime.MinValue, DateTime.MaxValue, default));
    }
}
