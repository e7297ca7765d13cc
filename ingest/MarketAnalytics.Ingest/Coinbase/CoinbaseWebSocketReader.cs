using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Coinbase;

/// <summary>Reads the Coinbase Exchange feed's <c>matches</c>, <c>ticker</c> and <c>heartbeat</c> channels and records them,
/// reconnecting forever and filling every gap from the REST trade history.</summary>
/// <remarks>
/// Each connection subscribes the three channels for <see cref="VenueOptions.Symbols"/>. Coinbase sends nothing back to a ping,
/// but the heartbeat channel speaks once a second per product, so the feed is never quiet while alive; the idle "ping" is a
/// repeat of the heartbeat subscription, which Coinbase answers with <c>subscriptions</c>. Trades go through a
/// <see cref="RecordingFeed"/>'s <see cref="LiveGapFill"/>: after every (re)connect the trades between the last stored one and the first live one are read
/// from <see cref="CoinbaseTradeHistory"/>, and as Coinbase numbers each product's trades 1, 2, 3…, a live trade id that skips
/// ahead (a message the feed dropped, without any disconnect) is filled the same way. The <c>sequence</c> of a product's
/// matches must grow: the matches channel sees only part of the product's sequence (every order-book event takes a number),
/// so a skip there is normal and proves nothing — the trade id is what shows a lost trade — but a sequence at or below the
/// last one is a match repeated or out of order, which is counted and logged (its trade, deduplicated by id, changes nothing). The <c>last_match</c> sent on subscribe is recorded like a match, the log dropping it
/// when it is already held.
/// </remarks>
public sealed partial class CoinbaseWebSocketReader : IMarketSource
{
    private readonly CoinbaseOptions _options;
    private readonly ILogger _logger;
    private readonly RecordingFeed _feed;
    private readonly CoinbaseFrameParser _parser = new();
    private readonly Dictionary<InstrumentId, long> _sequences = [];
    private long _outOfOrder;

    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public CoinbaseWebSocketReader(CoinbaseOptions options, LiveGapFill gapFill, TimeProvider time, ILogger<CoinbaseWebSocketReader> logger)
    {
        _feed = new RecordingFeed(Venues.Coinbase, options, gapFill, time, logger);
        _options = options;
        _logger = logger;
    }

    public string Name => Venues.Coinbase;

    public SourceStatus Status => _feed.Status;

    /// <summary>Messages whose sequence was not above their product's last one, since the reader started.</summary>
    public long OutOfOrderMessages => Interlocked.Read(ref _outOfOrder);

    public Task RunAsync(CancellationToken ct)
    {
        var products = string.Join(',', _options.Symbols.Select(s => $"\"{s}\""));
        string[] subscriptions = [$$"""{"type":"subscribe","product_ids":[{{products}}],"channels":["matches","ticker","heartbeat"]}"""];
        var ping = $$"""{"type":"subscribe","product_ids":[{{products}}],"channels":["heartbeat"]}""";
        return _feed.RunAsync(subscriptions, ping, Parse, _sequences.Clear, ct);
    }

    // Parses one message; true when it carried trades or quotes.
    private bool Parse(ReadOnlyMemory<byte> message, List<Trade> trades, List<Quote> quotes)
    {
        var frame = _parser.Parse(message.Span, trades, quotes);
        switch (frame.Kind)
        {
            case CoinbaseFrameKind.Trade:
                CheckSequence(frame);
                return true;
            case CoinbaseFrameKind.Quote:
                return true;
            case CoinbaseFrameKind.Subscribed:
                LogSubscribed(_logger, frame.Text);
                break;
            case CoinbaseFrameKind.Error:
                LogServerError(_logger, frame.Text);
                break;
            case CoinbaseFrameKind.Malformed:
                LogMalformed(_logger, frame.Text);
                break;
        }
        return false;
    }

    private void CheckSequence(in CoinbaseFrame frame)
    {
        if (frame.Sequence == 0) return;
        if (_sequences.TryGetValue(frame.Instrument, out var last) && frame.Sequence <= last)
        {
            Interlocked.Increment(ref _outOfOrder);
            LogOutOfOrder(_logger, frame.Instrument, frame.Sequence, last);
            return;
        }
        _sequences[frame.Instrument] = frame.Sequence;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "coinbase: subscribed to {Channels}")]
    private static partial void LogSubscribed(ILogger logger, string? channels);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coinbase reported an error: {Error}")]
    private static partial void LogServerError(ILogger logger, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped a malformed Coinbase message: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "coinbase: {Instrument} message with sequence {Sequence} after {Last}: repeated or out of order")]
    private static partial void LogOutOfOrder(ILogger logger, InstrumentId instrument, long sequence, long last);
}
