using System.Globalization;
using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Aggregate.Reruns;
using MarketAnalytics.Core;
using MarketAnalytics.Storage.EmbeddedLog;
using MarketAnalytics.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MarketAnalytics.Aggregate.Tests.Jobs;

/// <summary>Reconciliation and API rerun requests through the real rerun engine, embedded log and SQLite store.</summary>
public sealed class ReconciliationJobTests : IAsyncLifetime
{
    private static readonly InstrumentId Btc = InstrumentId.Parse("binance:BTCUSDT");
    private static readonly InstrumentId Eth = InstrumentId.Parse("binance:ETHUSDT");
    private static readonly DateTime Start = new(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "marketanalytics-reconcile-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Start.AddHours(2).AddMinutes(10).Ticks, TimeSpan.Zero));
    private readonly List<Trade> _trades = [];
    private EmbeddedLog _log = null!;
    private SqliteAggregateStore _store = null!;
    private RerunEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _log = EmbeddedLog.Open(Path.Combine(_directory, "log"));
        _store = SqliteAggregateStore.Open(Path.Combine(_directory, "aggregates.db"));
        var options = Options.Create(new AggregationOptions());
        _engine = new RerunEngine(_log, _store, options);
        for (var i = 0; i < 480; i++)
        {
            var instrument = i % 3 == 0 ? Eth : Btc;
            _trades.Add(new Trade(instrument, (i + 1).ToString(CultureInfo.InvariantCulture), Start.AddSeconds(15 * i), 100m + i % 11, 0.5m + i % 4,
                (100m + i % 11) * (0.5m + i % 4), i % 2 == 0 ? TakerSide.Buy : TakerSide.Sell));
        }
        await _log.AppendTradesAsync(_trades, default);
        await new AggregationJob(_log, _store, options, NullLogger<AggregationJob>.Instance).DrainAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Reconciling_hours_streaming_covered_reports_no_differences()
    {
        var result = await Reconciliation().RunAsync(default);

        Assert.Equal((0, _trades.Count), (result.WindowsChanged, (int)result.TradesRead));
        Assert.Equal(ReferenceCandles.MinutesAndHours(_trades).Count, result.WindowsExamined);
        Assert.Contains("no differences", result.Summary);
    }

    [Fact]
    public async Task Reconciliation_repairs_a_window_that_differs_from_the_log()
    {
        // A stray delta (as from a bug or a hand edit) adds a trade to the 10:00 hour and its 10:05 minute.
        var stray = new Trade(Btc, "stray", Start.AddMinutes(5), 1m, 7m, 7m, TakerSide.Buy);
        var aggregator = new TradeAggregator();
        aggregator.Add(stray);
        await _store.CommitAsync("hand-edit", aggregator.TakeDeltas(), [], default);

        var result = await Reconciliation().RunAsync(default);

        Assert.Equal(2, result.WindowsChanged);
        Assert.Contains("repaired 2 of", result.Summary);
        Assert.Contains($"binance:BTCUSDT 1m 2026-11-21T10:05:00Z count {Count(Btc, Start.AddMinutes(5)) + 1}->{Count(Btc, Start.AddMinutes(5))}", result.Summary);
        Assert.Equal(ReferenceCandles.Of(_trades, CandleInterval.OneHour).Where(c => c.Instrument == Btc),
            await _store.GetCandlesAsync(Btc, CandleInterval.OneHour, Start, Start.AddHours(2), default));
        Assert.Equal(0, (await Reconciliation().RunAsync(default)).WindowsChanged);
    }

    [Fact]
    public async Task A_dry_run_request_reports_differences_without_writing_them()
    {
        var minutes = await _store.GetCandlesAsync(Eth, CandleInterval.OneMinute, Start, Start.AddHours(1), default);
        await _store.CommitAsync("hand-edit", [minutes[0] with { Count = 1, Volume = 0.001m }], [], default);
        var tampered = await _store.GetCandlesAsync(Eth, CandleInterval.OneMinute, Start, Start.AddHours(1), default);
        var result = await new RerunRequestJob(_engine).RunAsync(Start, Start.AddHours(1), [Eth.ToString()], RerunIntervals.Minute, dryRun: true,
            context: null, default);

        Assert.Equal(1, result.WindowsChanged);
        Assert.Contains("dry run: would change 1 of", result.Summary);
        Assert.Equal(tampered, await _store.GetCandlesAsync(Eth, CandleInterval.OneMinute, Start, Start.AddHours(1), default));
    }

    [Fact]
    public async Task A_request_for_an_inverted_range_fails_with_the_engines_message()
    {
        var error = await Assert.ThrowsAsync<RerunRangeException>(() =>
            new RerunRequestJob(_engine).RunAsync(Start.AddHours(1), Start, null, RerunIntervals.All, dryRun: false, context: null, default));

        Assert.Contains("empty or inverted", error.Message);
    }

    [Fact]
    public async Task A_request_queued_for_year_9999_fails_up_front_naming_the_valid_range()
    {
        var error = await Assert.ThrowsAsync<RerunRangeException>(() => new RerunRequestJob(_engine).RunAsync(
            Start, new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc), null, RerunIntervals.All, dryRun: false, context: null, default));

        Assert.Equal("the range [2026-11-21T10:00:00Z, 9999-12-31T23:59:59Z) is outside the valid range 1970-01-01T00:00:00Z to 2100-01-01T00:00:00Z",
            error.Message);
    }

    private int Count(InstrumentId instrument, DateTime minute) =>
        _trades.Count(t => t.Instrument == instrument && CandleInterval.OneMinute.WindowStart(t.Time) == minute);

    private ReconciliationJob Reconciliation() =>
        new(_engine, Options.Create(new JobsOptions { Reconciliation = { Hours = 2 } }), _clock);
}
