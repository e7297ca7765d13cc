using MarketAnalytics.Core;
using MarketAnalytics.Core.Telemetry;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.GapFill;

/// <summary>Fills one gap in a live stream from the venue's REST trade history: pages from the last stored trade until it meets
/// the first live trade after the gap, by trade id and order, or the history runs out; records every page through the
/// <see cref="MarketRecorder"/>, whose deduplication makes the overlap with the stream harmless.</summary>
/// <remarks>
/// Never counts rows: a venue may leave trades out of its REST history (Binance USD-M has no insurance-fund or ADL trades
/// there), so the live trade is met when a page holds its id or any trade at or after it in trade order. A gap longer than
/// <see cref="GapFillOptions.MaxAge"/> in exchange time (last stored trade to the first trade after the gap) is not filled.
/// Rate limits are the HTTP handler's (<see cref="RateLimitHandler"/>); other transient failures are retried with a jittered,
/// doubling delay; any other exception ends that fill as failed, never the source's gap-filling. Every gap left unfilled is logged, counted in <see cref="IngestMetrics.UnfilledGaps"/> and kept in
/// <see cref="Report"/>, which the source's health shows. Thread-safe: fills of different instruments may run at once.
/// </remarks>
public sealed partial class GapFiller
{
    /// <summary>How many of the most recent unfilled gaps <see cref="Report"/> keeps.</summary>
    public const int KeptUnfilledGaps = 20;

    private readonly string _source;
    private readonly ITradeHistory _history;
    private readonly MarketRecorder _recorder;
    private readonly GapFillOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Queue<UnfilledGap> _unfilled = new();
    private long _fills;
    private int _running;
    private long _recovered;
    private long _unfilledCount;

    /// <param name="source">The source's name in logs, metrics and health (its venue id).</param>
    public GapFiller(string source, ITradeHistory history, MarketRecorder recorder, GapFillOptions options, TimeProvider time, ILogger<GapFiller> logger)
    {
        _source = source;
        _history = history;
        _recorder = recorder;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The fills so far; cheap, safe from any thread.</summary>
    public GapFillReport Report
    {
        get
        {
            lock (_gate)
                return new GapFillReport(_fills, Volatile.Read(ref _running), Interlocked.Read(ref _recovered), _unfilledCount, [.. _unfilled]);
        }
    }

    /// <summary>Reads and records the venue's trades of <paramref name="instrument"/> after <paramref name="after"/> until it
    /// meets <paramref name="until"/> or the venue has no more.</summary>
    /// <param name="after">The newest trade the log held before the gap (<see cref="Core.Ports.IMarketLog.FindLastTradeAsync"/>);
    /// null when it held none, and then there is nothing to fill.</param>
    /// <param name="until">The first live trade after the gap, when one has arrived.</param>
    public async Task<GapFillResult> FillAsync(InstrumentId instrument, TradeCursor? after, TradeCursor? until, CancellationToken ct)
    {
        Interlocked.Increment(ref _running);
        try
        {
            GapFillResult result;
            try
            {
                result = after is { } start
                    ? await PageAsync(instrument, start, until, ct).ConfigureAwait(false)
                    : new GapFillResult(instrument, null, until, GapFillOutcome.NothingStored, 0, 0, 0, null);
            }
            catch (Exception e) when (!IsStopping(e, ct))
            {
                // Whatever else goes wrong (the log refusing a page, a bug) must not end the source's gap-filling: this gap is
                // reported like any unfilled one and the next is still filled.
                LogUnexpected(_logger, _source, instrument, e);
                result = new GapFillResult(instrument, after, until, GapFillOutcome.Failed, 0, 0, 0, $"unexpected error: {Describe(e)}");
            }
            Conclude(result);
            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    /// <summary>Reports a gap that will not be filled because the source is stopping.</summary>
    public void Abandon(InstrumentId instrument, TradeCursor? after, TradeCursor? until, string reason) =>
        Conclude(new GapFillResult(instrument, after, until, after is null ? GapFillOutcome.NothingStored : GapFillOutcome.Failed, 0, 0, 0, after is null ? null : reason));

    private async Task<GapFillResult> PageAsync(InstrumentId instrument, TradeCursor after, TradeCursor? until, CancellationToken ct)
    {
        var cursor = after;
        var ageChecked = until is not null;
        int pages = 0, failures = 0;
        long read = 0, recorded = 0;
        if (until is { } live && live.Time - after.Time > _options.MaxAge) return TooOld(live.Time);
        var fresh = new List<Trade>();
        while (true)
        {
            if (pages >= _options.MaxPages)
                return Result(GapFillOutcome.Failed, $"read {pages} pages (Ingest:GapFill:MaxPages) without meeting the live stream");
            TradePage page;
            try
            {
                page = await _history.ReadAfterAsync(instrument, cursor, until, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e, ct))
            {
                if (++failures >= _options.Attempts) return Result(GapFillOutcome.Failed, $"{failures} attempts failed, the last: {Describe(e)}");
                LogRetrying(_logger, _source, instrument, failures, Describe(e));
                await Task.Delay(Backoff(failures), _time, ct).ConfigureAwait(false);
                continue;
            }
            catch (TradeHistoryException e)
            {
                return Result(GapFillOutcome.Failed, $"the venue refused: {e.Message}");
            }
            catch (Exception e) when (!IsStopping(e, ct))
            {
                // A history failing in a way nobody foresaw (an answer it cannot read, a bug) is not worth retrying blindly.
                LogUnexpected(_logger, _source, instrument, e);
                return Result(GapFillOutcome.Failed, $"the venue's history failed unexpectedly: {Describe(e)}");
            }
            pages++;

            fresh.Clear();
            foreach (var trade in page.Trades)
                if (cursor.IsBefore(trade)) fresh.Add(trade);
            fresh.Sort(static (a, b) => TradeOrder.Compare(a.Time, a.TradeId, b.Time, b.TradeId));
            if (fresh.Count > 0 && !ageChecked)
            {
                if (fresh[0].Time - after.Time > _options.MaxAge) return TooOld(fresh[0].Time);
                ageChecked = true;
            }
            var met = until is { } first && fresh.Exists(t => t.TradeId == first.TradeId || first.CompareTo(TradeCursor.Of(t)) <= 0);
            if (fresh.Count > 0)
            {
                var appended = await _recorder.RecordAsync(fresh, [], ct).ConfigureAwait(false);
                read += fresh.Count;
                recorded += appended.Appended;
                if (appended.Appended > 0) IngestMetrics.GapFillTrades.Add(appended.Appended, InstrumentTags.Of(instrument));
                cursor = TradeCursor.Of(fresh[^1]);
                failures = 0;
            }
            if (page.Unreachable is { } unreachable) return Result(GapFillOutcome.Failed, unreachable);
            if (met) return Result(GapFillOutcome.MetLiveStream, null);
            if (fresh.Count > 0 && page.HasMore) continue;
            if (fresh.Count == 0 && page.HasMore)
                return Result(GapFillOutcome.Failed, $"the venue's page after {cursor} held nothing newer although it said there was more");
            if (until is not { } missing) return Result(GapFillOutcome.HistoryExhausted, null);

            // The venue's history ends before the first live trade: it may lag its own stream by a moment, so ask again.
            if (++failures >= _options.Attempts)
                return Result(GapFillOutcome.Failed, $"the venue's history ends at {cursor}, before the first live trade {missing}");
            await Task.Delay(Backoff(failures), _time, ct).ConfigureAwait(false);
        }

        GapFillResult Result(GapFillOutcome outcome, string? reason) => new(instrument, after, until, outcome, pages, read, recorded, reason);

        GapFillResult TooOld(DateTime firstAfter) => new(instrument, after, until, GapFillOutcome.TooOld, pages, read, recorded,
            $"the gap from {UtcTime.Format(after.Time)} to {UtcTime.Format(firstAfter)} is longer than Ingest:GapFill:MaxAge ({_options.MaxAge}); import it from the venue's archives");
    }

    private void Conclude(GapFillResult result)
    {
        var outcome = OutcomeTag(result.Outcome);
        IngestMetrics.GapFills.Add(1, [new("source", _source), new("outcome", outcome)]);
        Interlocked.Add(ref _recovered, result.TradesRecorded);
        lock (_gate)
        {
            _fills++;
            if (result.IsUnfilled)
            {
                _unfilledCount++;
                _unfilled.Enqueue(new UnfilledGap(result.Instrument, result.After?.Time ?? default, result.Until?.Time, result.Reason!));
                if (_unfilled.Count > KeptUnfilledGaps) _unfilled.Dequeue();
            }
        }
        if (result.IsUnfilled)
        {
            IngestMetrics.UnfilledGaps.Add(1, [new("source", _source), new("outcome", outcome)]);
            LogUnfilled(_logger, _source, result.Instrument, result.After?.ToString(), result.Until?.ToString(), result.TradesRecorded, result.Reason!);
        }
        else LogFilled(_logger, _source, result.Instrument, result.Outcome, result.Pages, result.TradesRead, result.TradesRecorded);
    }

    private static bool IsTransient(Exception e, CancellationToken ct) => e switch
    {
        TradeHistoryException history => history.IsTransient,
        HttpRequestException => true,
        // HttpClient's own time-out, not our cancellation.
        OperationCanceledException => !ct.IsCancellationRequested,
        _ => false,
    };

    private static bool IsStopping(Exception e, CancellationToken ct) => e is OperationCanceledException && ct.IsCancellationRequested;

    private static string Describe(Exception e) => e is TradeHistoryException ? e.Message : $"{e.GetType().Name}: {e.Message}";

    private TimeSpan Backoff(int failures)
    {
        var ceiling = _options.RetryDelay.Ticks * (double)(1L << Math.Min(failures - 1, 20));
        return TimeSpan.FromTicks((long)(ceiling * (0.5 + 0.5 * Random.Shared.NextDouble())));
    }

    private static string OutcomeTag(GapFillOutcome outcome) => outcome switch
    {
        GapFillOutcome.MetLiveStream => "met_live_stream",
        GapFillOutcome.HistoryExhausted => "history_exhausted",
        GapFillOutcome.NothingStored => "nothing_stored",
        GapFillOutcome.TooOld => "too_old",
        _ => "failed",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: gap-fill of {Instrument} ended ({Outcome}): {Pages} pages, {Read} trades read, {Recorded} new")]
    private static partial void LogFilled(ILogger logger, string source, InstrumentId instrument, GapFillOutcome outcome, int pages, long read, long recorded);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: gap-fill of {Instrument} failed (attempt {Attempt}), retrying: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string source, InstrumentId instrument, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Source}: gap-fill of {Instrument} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string source, InstrumentId instrument, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Source}: the gap of {Instrument} after {After} (next live trade {Until}) is not filled ({Recorded} trades recovered): {Reason}")]
    private static partial void LogUnfilled(ILogger logger, string source, InstrumentId instrument, string? after, string? until, long recorded, string reason);
}
