using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Parsing;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Bybit;

/// <summary>Reads Bybit's <c>publicTrade</c> and <c>orderbook.1</c> topics over a WebSocket and records them, filling gaps from
/// the REST recent trades, reconnecting forever.</summary>
/// <remarks>
/// Each connection (a <see cref="WebSocketFeed"/>: <c>{"op":"ping"}</c> when idle) subscribes both topics for every symbol.
/// Every new connection starts a gap-fill from the last stored trade of each instrument to its first live trade
/// (<see cref="LiveGapFill"/>); so does a break in Bybit's sequence numbers without a disconnect
/// (<see cref="BybitFrameParser.SequenceBreak"/>): the next live trade of each instrument then ends a gap. What a fill can
/// recover is bounded by Bybit's REST API (<see cref="BybitTradeHistory"/>).
/// </remarks>
public sealed partial class BybitWebSocketReader : IMarketSource
{
    private const string Ping = """{"op":"ping"}""";

    private readonly BybitReaderOptions _options;
    private readonly LiveGapFill _gapFill;
    private readonly ILogger _logger;
    private readonly WebSocketFeed _feed;
    private readonly BybitFrameParser _parser = new();
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];
    private long _sequenceBreaks;
    private readonly OutOfRangeRecords _outOfRange;

    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public BybitWebSocketReader(BybitReaderOptions options, LiveGapFill gapFill, TimeProvider time, ILogger<BybitWebSocketReader> logger)
    {
        _feed = new WebSocketFeed(Venues.Bybit, options, time, logger);
        _options = options;
        _gapFill = gapFill;
        _logger = logger;
        _outOfRange = new OutOfRangeRecords(time, logger);
    }

    public string Name => Venues.Bybit;

    public SourceStatus Status => _feed.Status with { GapFill = _gapFill.Report, DroppedRecords = _outOfRange.Count };

    /// <summary>Sequence breaks seen without a disconnect, each followed by a gap-fill.</summary>
    public long SequenceBreaks => Interlocked.Read(ref _sequenceBreaks);

    public Task RunAsync(CancellationToken ct)
    {
        var topics = _options.Symbols.SelectMany(symbol => new[] { $"\"publicTrade.{symbol}\"", $"\"orderbook.1.{symbol}\"" });
        string[] subscriptions = [$$"""{"op":"subscribe","args":[{{string.Join(',', topics)}}]}"""];
        return Task.WhenAll(_feed.RunAsync(subscriptions, Ping, RecordAsync, OnConnectedAsync, ct), _gapFill.RunAsync(ct));
    }

    private ValueTask OnConnectedAsync(CancellationToken ct)
    {
        _parser.ResetSequences();
        _gapFill.OnConnected();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<bool> RecordAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        _trades.Clear();
        _quotes.Clear();
        var frame = _parser.Parse(message.Span, _trades, _quotes);
        if (_parser.SequenceBreak is { } reason)
        {
            // The trades of this frame come after the break: the fill runs from the last stored trade to the first of them.
            Interlocked.Increment(ref _sequenceBreaks);
            LogSequenceBreak(_logger, reason);
            _gapFill.OnConnected();
        }
        switch (frame.Kind)
        {
            case FeedFrameKind.Trades or FeedFrameKind.Quotes:
                _outOfRange.Drop(_trades, _quotes);
                if (_trades.Count > 0 || _quotes.Count > 0) await _gapFill.RecordAsync(_trades, _quotes, ct).ConfigureAwait(false);
                return true;
            case FeedFrameKind.Subscribed:
                LogSubscribed(_logger, _options.StreamUrl());
                break;
            case FeedFrameKind.Error:
                LogServerError(_logger, frame.Text);
                break;
            case FeedFrameKind.Malformed:
                LogMalformed(_logger, frame.Text);
                break;
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bybit's sequence broke without a disconnect, filling the gap from REST: {Reason}")]
    private static partial void LogSequenceBreak(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "subscribed to Bybit {Url}")]
    private static partial void LogSubscribed(ILogger logger, Uri url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bybit reported an error: {Error}")]
    private static partial void LogServerError(ILogger logger, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped a malformed Bybit frame: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string? reason);
}
