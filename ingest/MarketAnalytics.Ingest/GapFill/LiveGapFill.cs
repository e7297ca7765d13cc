using System.Threading.Channels;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Ingest.GapFill;

/// <summary>The gap-fill triggers of one live source: after every (re)connect, start-up included, it fills from the instrument's
/// last stored trade to the first live trade of the new connection, and it fills a gap the venue's trade ids show mid-stream.</summary>
/// <remarks>
/// The reader calls <see cref="OnConnected"/> when it handles the first message of a new connection and records every live
/// batch through <see cref="RecordAsync"/>: before the first live trade of an instrument after a connect is recorded, the log's
/// newest trade of that instrument is taken as the start of the gap, and once the batch is recorded the fill is queued. Fills
/// run one at a time on <see cref="RunAsync"/>, beside the live stream, so a long fill never holds the socket back. With
/// <c>consecutiveIds</c> (venues whose trade ids grow by one per trade on the stream, such as Binance) a live trade whose
/// numeric id skips ahead of the previous live trade's queues a fill between the two.
/// </remarks>
public sealed class LiveGapFill
{
    private readonly GapFiller _filler;
    private readonly IMarketLog _log;
    private readonly MarketRecorder _recorder;
    private readonly bool _consecutiveIds;
    private readonly Channel<(InstrumentId Instrument, TradeCursor? After, TradeCursor Until)> _gaps =
        Channel.CreateUnbounded<(InstrumentId, TradeCursor?, TradeCursor)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<InstrumentId> _seenSinceConnect = [];
    private readonly Dictionary<InstrumentId, Trade> _lastLive = [];
    private readonly Dictionary<InstrumentId, TradeCursor?> _gapStarts = [];

    /// <param name="consecutiveIds">The venue's stream numbers trades 1, 2, 3… per instrument, so a skipped id is a lost trade.</param>
    public LiveGapFill(GapFiller filler, IMarketLog log, MarketRecorder recorder, bool consecutiveIds)
    {
        _filler = filler;
        _log = log;
        _recorder = recorder;
        _consecutiveIds = consecutiveIds;
    }

    /// <summary>What the fills did so far.</summary>
    public GapFillReport Report => _filler.Report;

    /// <summary>Marks a new connection: the next live trade of each instrument ends a gap. Call from the reader's handler.</summary>
    public void OnConnected()
    {
        _seenSinceConnect.Clear();
        _lastLive.Clear();
    }

    /// <summary>Records a live batch, queueing the fills its trades show to be needed. Call from the reader's handler only.</summary>
    public async ValueTask<AppendResult> RecordAsync(IReadOnlyList<Trade> trades, IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        _gapStarts.Clear();
        foreach (var trade in trades)
            if (_seenSinceConnect.Add(trade.Instrument))
                _gapStarts[trade.Instrument] = await _log.FindLastTradeAsync(trade.Instrument, ct).ConfigureAwait(false);

        var appended = await _recorder.RecordAsync(trades, quotes, ct).ConfigureAwait(false);

        foreach (var trade in trades)
        {
            if (_gapStarts.Remove(trade.Instrument, out var start))
            {
                // A gap only when the log's newest trade comes before this one; otherwise the stream picked up where it left off.
                if (start is not { } held || held.IsBefore(trade)) _gaps.Writer.TryWrite((trade.Instrument, start, TradeCursor.Of(trade)));
            }
            else if (_consecutiveIds && _lastLive.TryGetValue(trade.Instrument, out var previous) && SkipsIds(previous, trade))
                _gaps.Writer.TryWrite((trade.Instrument, TradeCursor.Of(previous), TradeCursor.Of(trade)));
            _lastLive[trade.Instrument] = trade;
        }
        return appended;
    }

    /// <summary>Runs the queued fills one at a time until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var (instrument, after, until) in _gaps.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                await _filler.FillAsync(instrument, after, until, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping is the only way out. After a restart the log's newest trade is past a gap still queued, so it is reported.
            while (_gaps.Reader.TryRead(out var gap))
                _filler.Abandon(gap.Instrument, gap.After, gap.Until, "the source stopped before filling it");
        }
    }

    private static bool SkipsIds(in Trade previous, in Trade next) =>
        previous.TradeId.TryGetNumber(out var a) && next.TradeId.TryGetNumber(out var b) && b > a + 1;
}
