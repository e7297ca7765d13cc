using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Core;
using MarketAnalytics.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MarketAnalytics.Aggregate.Tests.Jobs;

/// <summary>The integrity check over the real SQLite aggregate store, on a manual clock.</summary>
public sealed class IntegrityJobTests : IAsyncLifetime
{
    private static readonly InstrumentId Btc = InstrumentId.Parse("binance:BTCUSDT");
    private static readonly DateTime Now = new(2026, 11, 21, 13, 7, 0, DateTimeKind.Utc);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "marketanalytics-integrity-" + Guid.NewGuid().ToString("N"));
    private SqliteAggregateStore _aggregates = null!;

    public Task InitializeAsync()
    {
        _aggregates = SqliteAggregateStore.Open(Path.Combine(_directory, "aggregates.db"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _aggregates.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Hours_equal_to_their_minutes_pass()
    {
        var aggregator = new TradeAggregator();
        aggregator.Add(new Trade(Btc, "1", Now.Date.AddHours(11).AddMinutes(3), 100m, 1m, 100m, TakerSide.Buy));
        await _aggregates.CommitAsync("test", aggregator.TakeDeltas(), [], default);

        var result = await Job().RunAsync(default);

        Assert.Equal((1, 0, 0L), (result.WindowsExamined, result.WindowsChanged, result.TradesRead));
        Assert.Equal("1 hour windows in 2026-11-21T10:00Z..2026-11-21T13:00Z equal the roll-up of their minutes", result.Summary);
    }

    [Fact]
    public async Task Integrity_fails_listing_an_hour_that_differs_from_its_minutes()
    {
        var hour = new DateTime(2026, 11, 21, 11, 0, 0, DateTimeKind.Utc);
        var aggregator = new TradeAggregator();
        aggregator.Add(new Trade(Btc, "1", hour.AddMinutes(3), 100m, 1m, 100m, TakerSide.Buy));
        aggregator.Add(new Trade(Btc, "2", hour.AddMinutes(4), 101m, 2m, 202m, TakerSide.Sell));
        aggregator.Add(new Trade(Btc, "3", hour.AddHours(1).AddMinutes(1), 102m, 1m, 102m, TakerSide.Sell));
        var deltas = aggregator.TakeDeltas();
        // The 11:00 hour loses its second trade, as if a commit had written the minutes but not the hour.
        var broken = deltas.Select(c => c.Interval == CandleInterval.OneHour && c.OpenTime == hour ? c with { Count = 1, Volume = 1m } : c).ToList();
        await _aggregates.CommitAsync("test", broken, [], default);

        var failure = await Assert.ThrowsAsync<JobFindingException>(() => Job().RunAsync(default));

        Assert.Equal((2, 1), (failure.Result.WindowsExamined, failure.Result.WindowsChanged));
        Assert.Contains("binance:BTCUSDT 1h 2026-11-21T11:00Z: hour holds 1 trades volume 1, minutes 2 trades volume 3", failure.Message);
        Assert.DoesNotContain("12:00", failure.Message);
    }

    private IntegrityJob Job() => new(_aggregates, Options.Create(new JobsOptions { Integrity = { Hours = 3 } }), new FakeTimeProvider(new DateTimeOffset(Now.Ticks, TimeSpan.Zero)));
}
