using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>Reads BitMEX's realtime <c>trade</c> and <c>quote</c> tables over a WebSocket and records them, reconnecting forever.</summary>
/// <remarks>
/// Each connection subscribes <c>trade:S</c> and <c>quote:S</c> for <see cref="BitmexReaderOptions.Symbols"/> and records the
/// <c>partial</c> and every <c>insert</c> through the <see cref="LiveGapFill"/>, which after every (re)connect reads the trades
/// between the last stored one and the first live one from <see cref="BitmexTradeHistory"/> (BitMEX's <c>partial</c> replays
/// only a few recent trades). The connection itself (BitMEX's text <c>ping</c>, staleness, reconnects with backoff) is a
/// <see cref="WebSocketFeed"/>. The log's idempotent append drops what the partial or the history repeat, so the reader does
/// not dedupe.
/// </remarks>
public sealed partial class BitmexWebSocketReader : IMarketSource
{
    private const string Ping = "ping";

    private readonly BitmexReaderOptions _options;
    private readonly LiveGapFill _gapFill;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WebSocketFeed _feed;
    private readonly BitmexFrameParser _parser = new();
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];
    private long _droppedRecords;

    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public BitmexWebSocketReader(BitmexReaderOptions options, LiveGapFill gapFill, TimeProvider time, ILogger<BitmexWebSocketReader> logger)
    {
        _feed = new WebSocketFeed(Venues.Bitmex, options, time, logger);
        _options = options;
        _gapFill = gapFill;
        _time = time;
        _logger = logger;
    }

    public string Name => Venues.Bitmex;

    public SourceStatus Status => _feed.Status with { DroppedRecords = Interlocked.Read(ref _droppedRecords), GapFill = _gapFill.Report };

    public async Task RunAsync(CancellationToken ct)
    {
        var topics = _options.Symbols.SelectMany(symbol => new[] { $"\"trade:{symbol}\"", $"\"quote:{symbol}\"" });
        string[] subscriptions = [$$"""{"op":"subscribe","args":[{{string.Join(',', topics)}}]}"""];
        var filling = _gapFill.RunAsync(ct);
        await _feed.RunAsync(subscriptions, Ping, RecordAsync, OnConnected, ct).ConfigureAwait(false);
        await filling.ConfigureAwait(false);
    }

    private ValueTask OnConnected(CancellationToken ct)
    {
        _gapFill.OnConnected();
        return ValueTask.CompletedTask;
    }

    // Parses and records one message; true when it carried trades or quotes.
    private async ValueTask<bool> RecordAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        // What a failed recording left behind is replayed by the next connection's partial anyway.
        _trades.Clear();
        _quotes.Clear();
        if (!Parse(message.Span)) return false;
        if (_trades.Count > 0 || _quotes.Count > 0) await _gapFill.RecordAsync(_trades, _quotes, ct).ConfigureAwait(false);
        return true;
    }

    // Parses one message; true when it was a trade or quote frame.
    private bool Parse(ReadOnlySpan<byte> message)
    {
        var frame = _parser.Parse(message, _trades, _quotes);
        switch (frame.Kind)
        {
            case BitmexFrameKind.Trades or BitmexFrameKind.Quotes:
                DropOutOfRange();
                return true;
            case BitmexFrameKind.Welcome:
                LogWelcome(_logger, _options.Url, frame.Text);
                break;
            case BitmexFrameKind.Subscribed:
                LogSubscribed(_logger, frame.Text);
                break;
            case BitmexFrameKind.Error:
                LogServerError(_logger, frame.Text);
                break;
            case BitmexFrameKind.Malformed:
                LogMalformed(_logger, frame.Text);
                break;
        }
        return false;
    }

    // A record whose exchange time is outside ValidTimes' range (a wrong clock, a broken frame) would sit in the aggregates or
    // hold the current price for good: it is counted, logged and dropped, and the rest of the frame is recorded.
    private void DropOutOfRange()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var dropped = OutOfRangeRecords.Drop(_trades, _quotes, now, out var first);
        if (dropped == 0) return;
        Interlocked.Add(ref _droppedRecords, dropped);
        LogOutOfRange(_logger, dropped, UtcTime.Format(first!.Value), ValidTimes.DescribeTradeRange(now));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} records of a frame whose exchange time (first {Time}) is outside the valid range {Range}")]
    private static partial void LogOutOfRange(ILogger logger, int count, string time, string range);

    [LoggerMessage(Level = LogLevel.Information, Message = "connected to {Url}: {Greeting}")]
    private static partial void LogWelcome(ILogger logger, Uri url, string? greeting);

    [LoggerMessage(Level = LogLevel.Information, Message = "subscribed to {Subscription}")]
    private static partial void LogSubscribed(ILogger logger, string? subscription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BitMEX reported an error: {Error}")]
    private static partial void LogServerError(ILogger logger, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped a malformed BitMEX frame: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string? reason);
}
