using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAnalytics.Ingest.Tests.GapFill;

public sealed class GapFillerTests
{
    private static readonly InstrumentId Btc = InstrumentId.Of(Venues.BinanceUsdm, "BTCUSDT");
    private static readonly DateTime Start = new(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc);

    private static Trade TradeOf(long id) =>
        new(Btc, id.ToString(), Start.AddSeconds(id), 90_000m + id, 0.001m, (90_000m + id) * 0.001m, id % 2 == 0 ? TakerSide.Buy : TakerSide.Sell);

    private static GapFiller Filler(ITradeHistory history, TemporaryLog log, GapFillOptions? options = null) =>
        new(Venues.BinanceUsdm, history, log.Recorder, options ?? new GapFillOptions { RetryDelay = TimeSpan.Zero }, TimeProvider.System, NullLogger<GapFiller>.Instance);

    [Fact]
    public async Task A_gap_is_filled_from_the_last_stored_trade_to_the_live_trade_by_id_although_the_history_has_holes()
    {
        await using var log = new TemporaryLog();
        await log.Recorder.RecordAsync([.. Ids(1, 10).Select(TradeOf)], [], default);
        await log.Recorder.RecordAsync([.. Ids(31, 40).Select(TradeOf)], [], default);
        // The venue's REST leaves out trades 15 and 22 (insurance-fund trades), and pages by four.
        var history = new PagedHistory([.. Ids(1, 40).Where(id => id is not (15 or 22)).Select(TradeOf)], pageSize: 4);

        var result = await Filler(history, log).FillAsync(Btc, TradeCursor.Of(TradeOf(10)), TradeCursor.Of(TradeOf(31)), default);

        Assert.Equal(GapFillOutcome.MetLiveStream, result.Outcome);
        Assert.Equal(18, result.TradesRecorded);
        Assert.Equal(Ids(1, 40).Where(id => id is not (15 or 22)), (await log.ReadTradesAsync()).Select(t => long.Parse(t.TradeId.ToString())).Order());
        // Paging stopped at the page holding trade 31, not at the history's end.
        Assert.Equal(5, history.Requests);
    }

    [Fact]
    public async Task Without_a_live_trade_the_fill_stops_when_the_history_runs_out()
    {
        await using var log = new TemporaryLog();
        await log.Recorder.RecordAsync([TradeOf(1)], [], default);
        var history = new PagedHistory([.. Ids(1, 9).Select(TradeOf)], pageSize: 5);

        var result = await Filler(history, log).FillAsync(Btc, TradeCursor.Of(TradeOf(1)), until: null, default);

        Assert.Equal(GapFillOutcome.HistoryExhausted, result.Outcome);
        Assert.Equal(8, result.TradesRecorded);
        Assert.Equal(9, (await log.ReadTradesAsync()).Count);
    }

    [Fact]
    public async Task A_gap_longer_than_MaxAge_in_exchange_time_is_reported_and_not_filled()
    {
        await using var log = new TemporaryLog();
        await log.Recorder.RecordAsync([TradeOf(1)], [], default);
        var history = new PagedHistory([.. Ids(1, 100).Select(TradeOf)], pageSize: 10);
        var filler = Filler(history, log, new GapFillOptions { MaxAge = TimeSpan.FromSeconds(30) });

        var result = await filler.FillAsync(Btc, TradeCursor.Of(TradeOf(1)), TradeCursor.Of(TradeOf(100)), default);

        Assert.Equal(GapFillOutcome.TooOld, result.Outcome);
        Assert.Contains("Ingest:GapFill:MaxAge", result.Reason);
        Assert.Single(await log.ReadTradesAsync());
        Assert.Equal(0, history.Requests);
        var report = filler.Report;
        Assert.Equal(1, report.UnfilledCount);
        Assert.Equal(Btc, Assert.Single(report.LastUnfilled).Instrument);
    }

    [Fact]
    public async Task Without_a_live_trade_MaxAge_is_measured_to_the_first_trade_the_history_has_after_the_gap()
    {
        await using var log = new TemporaryLog();
        await log.Recorder.RecordAsync([TradeOf(1)], [], default);
        var history = new PagedHistory([TradeOf(1), TradeOf(500)], pageSize: 10);
        var filler = Filler(history, log, new GapFillOptions { MaxAge = TimeSpan.FromSeconds(60) });

        var result = await filler.FillAsync(Btc, TradeCursor.Of(TradeOf(1)), until: null, default);

        Assert.Equal(GapFillOutcome.TooOld, result.Outcome);
        Assert.Single(await log.ReadTradesAsync());
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_a_gap_that_keeps_failing_is_reported()
    {
        await using var log = new TemporaryLog();
        await log.Recorder.RecordAsync([TradeOf(1)], [], default);
        var flaky = new PagedHistory([.. Ids(1, 20).Select(TradeOf)], pageSize: 5) { FailuresFirst = 2 };
        var broken = new PagedHistory([.. Ids(1, 20).Select(TradeOf)], pageSize: 5) { FailuresFirst = int.MaxValue };
        var options = new GapFillOptions { Attempts = 3, RetryDelay = TimeSpan.Zero };

        var recovered = await Filler(flaky, log, options).FillAsync(Btc, TradeCursor.Of(TradeOf(1)), TradeCursor.Of(TradeOf(20)), default);
        var failing = Filler(broken, log, options);
        var failed = await failing.FillAsync(Btc, TradeCursor.Of(TradeOf(20)), TradeCursor.Of(TradeOf(30)), default);

        Assert.Equal(GapFillOutcome.MetLiveStream, recovered.Outcome);
        Assert.Equal(19, recovered.TradesRecorded);
        Assert.Equal(GapFillOutcome.Failed, failed.Outcome);
        Assert.Equal(3, broken.Requests);
        Assert.Contains("3 attempts failed", failed.Reason);
        Assert.Equal(1, failing.Report.UnfilledCount);
    }

    [Fact]
    public async Task An_unexpected_exception_from_the_history_is_a_reported_unfilled_gap_and_later_gaps_are_still_filled()
    {
        await using var log = new TemporaryLog();
        await log.Recorder.RecordAsync([TradeOf(1)], [], default);
        var history = new PagedHistory([.. Ids(1, 20).Select(TradeOf)], pageSize: 5) { UnexpectedFirst = 1 };
        var filler = Filler(history, log);
        var gapFill = new LiveGapFill(filler, log.Log, log.Recorder, consecutiveIds: false);
        using var stop = new CancellationTokenSource();
        var running = gapFill.RunAsync(stop.Token);

        gapFill.OnConnected();
        await gapFill.RecordAsync([TradeOf(10)], [], default);
        await Eventually.TrueAsync(() => Task.FromResult(filler.Report.Fills == 1), "the first fill to end");
        gapFill.OnConnected();
        await gapFill.RecordAsync([TradeOf(20)], [], default);
        await Eventually.TrueAsync(() => Task.FromResult(filler.Report.Fills == 2), "the second fill to end");

        Assert.False(running.IsCompleted);
        var unfilled = Assert.Single(filler.Report.LastUnfilled);
        Assert.Equal(1, filler.Report.UnfilledCount);
        Assert.Equal(Start.AddSeconds(1), unfilled.From);
        Assert.Contains("FormatException: a page the parser cannot read", unfilled.Reason);
        // The second gap (10 to 20) was filled although the first failed; trades 2-9 stay reported as missing.
        Assert.Equal(Ids(1, 1).Concat(Ids(10, 20)), (await log.ReadTradesAsync()).Select(t => long.Parse(t.TradeId.ToString())).Order());
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task An_empty_log_has_nothing_to_fill_and_the_venue_is_not_asked()
    {
        await using var log = new TemporaryLog();
        var history = new PagedHistory([.. Ids(1, 5).Select(TradeOf)], pageSize: 5);

        var result = await Filler(history, log).FillAsync(Btc, after: null, TradeCursor.Of(TradeOf(5)), default);

        Assert.Equal(GapFillOutcome.NothingStored, result.Outcome);
        Assert.False(result.IsUnfilled);
        Assert.Equal(0, history.Requests);
    }

    private static IEnumerable<long> Ids(long first, long last)
    {
        for (var id = first; id <= last; id++) yield return id;
    }

    /// <summary>A venue's history in memory, paging forwards by id as Binance's <c>fromId</c> does.</summary>
    private sealed class PagedHistory(IReadOnlyList<Trade> trades, int pageSize) : ITradeHistory
    {
        public int FailuresFirst { get; init; }

        /// <summary>How many requests first throw an exception that is neither a network error nor a venue's refusal.</summary>
        public int UnexpectedFirst { get; init; }

        public int Requests { get; private set; }

        public string Venue => Venues.BinanceUsdm;

        public Task<TradePage> ReadAfterAsync(InstrumentId instrument, TradeCursor after, TradeCursor? until, CancellationToken ct)
        {
            Requests++;
            if (Requests <= FailuresFirst) throw new TradeHistoryException("503 Service Unavailable", isTransient: true);
            if (Requests <= UnexpectedFirst) throw new FormatException("a page the parser cannot read");
            var from = long.Parse(after.TradeId.ToString()) + 1;
            var page = trades.Where(t => long.Parse(t.TradeId.ToString()) >= from).Take(pageSize).ToList();
            var hasMore = page.Count > 0 && trades.Any(t => long.Parse(t.TradeId.ToString()) > long.Parse(page[^1].TradeId.ToString()));
            return Task.FromResult(new TradePage(page, hasMore));
        }
    }
}
