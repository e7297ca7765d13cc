using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>A venue reader's <see cref="WebSocketFeed"/> whose parsed trades and quotes are recorded, through the reader's
/// <see cref="LiveGapFill"/> or straight through the <see cref="MarketRecorder"/>: the plumbing every reader shares, so that a
/// reader holds only its venue's protocol.</summary>
/// <remarks>
/// Each message is parsed by the reader into fresh lists; records whose exchange time lies outside <see cref="ValidTimes"/>'
/// range (a wrong clock, a broken frame) would sit in the aggregates or hold the current price for good, so they are counted
/// (<see cref="SourceStatus.DroppedRecords"/>), logged and dropped, and the rest of the message is recorded. Messages that
/// arrive faster than they are recorded are recorded together: while more messages are queued behind one, its records wait
/// for theirs (up to <see cref="MaxBatchMessages"/> messages), so a burst costs one log append and one fsync instead of one per
/// message. Nothing waits behind an empty queue, a new connection or a gap the reader suspects (<see cref="SuspectGap"/>). A
/// gap-filled feed runs the gap-fill beside it and tells it of every new connection before that connection's first message.
/// </remarks>
public sealed class RecordingFeed
{
    private readonly LiveGapFill? _gapFill;
    private readonly MarketRecorder? _recorder;
    private readonly WebSocketFeed _feed;
    private readonly OutOfRangeRecords _outOfRange;
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];
    private readonly List<Trade> _messageTrades = [];
    private readonly List<Quote> _messageQuotes = [];
    private int _pendingMessages;
    private bool _gapSuspected;

    /// <summary>The most messages recorded in one append.</summary>
    public const int MaxBatchMessages = 512;

    /// <summary>A feed whose trades are gap-filled: every new connection, and every gap <paramref name="gapFill"/> sees in the
    /// trade ids, starts a fill from the venue's REST history.</summary>
    /// <param name="logger">The reader's logger, so that what the feed logs is filed under the reader.</param>
    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public RecordingFeed(string venue, WebSocketSourceOptions options, LiveGapFill gapFill, TimeProvider time, ILogger logger)
        : this(venue, options, time, logger) => _gapFill = gapFill;

    /// <summary>A feed recorded as it arrives, for a connection that carries no trades to fill (OKX's quotes).</summary>
    /// <inheritdoc cref="RecordingFeed(string, WebSocketSourceOptions, LiveGapFill, TimeProvider, ILogger)"/>
    public RecordingFeed(string venue, WebSocketSourceOptions options, MarketRecorder recorder, TimeProvider time, ILogger logger)
        : this(venue, options, time, logger) => _recorder = recorder;

    private RecordingFeed(string venue, WebSocketSourceOptions options, TimeProvider time, ILogger logger)
    {
        _feed = new WebSocketFeed(venue, options, time, logger);
        _outOfRange = new OutOfRangeRecords(time, logger);
    }

    public SourceStatus Status => _feed.Status with { DroppedRecords = _outOfRange.Count, GapFill = _gapFill?.Report ?? GapFillReport.None };

    /// <summary>Runs the feed (and its gap-fill) until <paramref name="ct"/> is cancelled.</summary>
    /// <param name="subscriptions">The text messages to send on every new connection.</param>
    /// <param name="ping">The venue's text ping, sent on an idle connection.</param>
    /// <param name="parse">Parses one message into the (empty) lists; true when it was a trade or quote message, which is then
    /// recorded. The reader logs whatever else the message was.</param>
    /// <param name="connected">The reader's own step on every new connection (resetting what it tracks per connection).</param>
    public Task RunAsync(
        IReadOnlyList<string> subscriptions, string ping, Func<ReadOnlyMemory<byte>, List<Trade>, List<Quote>, bool> parse, Action? connected,
        CancellationToken ct) =>
        RunAsync(subscriptions, ping, (message, trades, quotes, _) => ValueTask.FromResult(parse(message, trades, quotes)), connected, ct);

    /// <summary>As <see cref="RunAsync(IReadOnlyList{string}, string, Func{ReadOnlyMemory{byte}, List{Trade}, List{Quote}, bool}, Action?, CancellationToken)"/>,
    /// for a reader whose parsing may have to ask the venue first (OKX's contract values).</summary>
    public async Task RunAsync(
        IReadOnlyList<string> subscriptions, string ping, Func<ReadOnlyMemory<byte>, List<Trade>, List<Quote>, CancellationToken, ValueTask<bool>> parse,
        Action? connected, CancellationToken ct)
    {
        var filling = _gapFill?.RunAsync(ct) ?? Task.CompletedTask;
        await _feed.RunAsync(subscriptions, ping, (message, more, token) => RecordAsync(message, more, parse, token), async token =>
        {
            await FlushAsync(token).ConfigureAwait(false);
            connected?.Invoke();
            _gapFill?.OnConnected();
        }, ct).ConfigureAwait(false);
        await filling.ConfigureAwait(false);
    }

    /// <summary>For the reader's parse: the message being parsed shows a gap the venue's own sequence numbers reveal without a
    /// disconnect. What earlier messages carried is recorded first; the gap-fill then treats the message's trades as the first
    /// of a new connection (a fill runs from each instrument's last stored trade to its first trade here).</summary>
    public void SuspectGap() => _gapSuspected = true;

    // Parses one message and records what is pending unless more messages are queued behind it; true when it carried trades
    // or quotes.
    private async ValueTask<bool> RecordAsync(
        ReadOnlyMemory<byte> message, bool more, Func<ReadOnlyMemory<byte>, List<Trade>, List<Quote>, CancellationToken, ValueTask<bool>> parse,
        CancellationToken ct)
    {
        try
        {
            _messageTrades.Clear();
            _messageQuotes.Clear();
            _gapSuspected = false;
            var data = await parse(message, _messageTrades, _messageQuotes, ct).ConfigureAwait(false);
            if (_gapSuspected)
            {
                await FlushAsync(ct).ConfigureAwait(false);
                _gapFill?.OnConnected();
            }
            if (data)
            {
                _outOfRange.Drop(_messageTrades, _messageQuotes);
                _trades.AddRange(_messageTrades);
                _quotes.AddRange(_messageQuotes);
            }
            if (++_pendingMessages >= MaxBatchMessages || !more) await FlushAsync(ct).ConfigureAwait(false);
            return data;
        }
        catch
        {
            // The feed replaces the connection; what was pending is replayed by the next connection's snapshot or gap-fill.
            Discard();
            throw;
        }
    }

    // Records what the messages since the last flush carried.
    private async ValueTask FlushAsync(CancellationToken ct)
    {
        try
        {
            if (_trades.Count == 0 && _quotes.Count == 0) return;
            if (_gapFill is not null) await _gapFill.RecordAsync(_trades, _quotes, ct).ConfigureAwait(false);
            else await _recorder!.RecordAsync(_trades, _quotes, ct).ConfigureAwait(false);
        }
        finally
        {
            Discard();
        }
    }

    private void Discard()
    {
        _trades.Clear();
        _quotes.Clear();
        _pendingMessages = 0;
    }
}
