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
/// Each connection (a <see cref="RecordingFeed"/>: <c>{"op":"ping"}</c> when idle) subscribes both topics for every symbol.
/// Every new connection starts a gap-fill from the last stored trade of each instrument to its first live trade
/// (<see cref="LiveGapFill"/>); so does a break in Bybit's sequence numbers without a disconnect
/// (<see cref="BybitFrameParser.SequenceBreak"/>): the next live trade of each instrument then ends a gap. What a fill can
/// recover is bounded by Bybit's REST API (<see cref="BybitTradeHistory"/>).
/// </remarks>
public sealed partial class BybitWebSocketReader : IMarketSource
{
    private const string Ping = """{"op":"ping"}""";

    private readonly BybitReaderOptions _options;
    private readonly ILogger _logger;
    private readonly RecordingFeed _feed;
    private readonly BybitFrameParser _parser = new();
    private long _sequenceBreaks;

    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public BybitWebSocketReader(BybitReaderOptions options, LiveGapFill gapFill, TimeProvider time, ILogger<BybitWebSocketReader> logger)
    {
        _feed = new RecordingFeed(Venues.Bybit, options, gapFill, time, logger);
        _options = options;
        _logger = logger;
    }

    public string Name => Venues.Bybit;

    public SourceStatus Status => _feed.Status;

    /// <summary>Sequence breaks seen without a disconnect, each followed by a gap-fill.</summary>
    public long SequenceBreaks => Interlocked.Read(ref _sequenceBreaks);

    public Task RunAsync(CancellationToken ct)
    {
        var topics = _options.Symbols.SelectMany(symbol => new[] { $"\"publicTrade.{symbol}\"", $"\"orderbook.1.{symbol}\"" });
        string[] subscriptions = [$$"""{"op":"subscribe","args":[{{string.Join(',', topics)}}]}"""];
        return _feed.RunAsync(subscriptions, Ping, Parse, _parser.ResetSequences, ct);
    }

    // Parses one message; true when it carried trades or quotes.
    private bool Parse(ReadOnlyMemory<byte> message, List<Trade> trades, List<Quote> quotes)
    {
        var frame = _parser.Parse(message.Span, trades, quotes);
        if (_parser.SequenceBreak is { } reason)
        {
            // The trades of this frame come after the break: the fill runs from the last stored trade to the first of them.
            Interlocked.Increment(ref _sequenceBreaks);
            LogSequenceBreak(_logger, reason);
            _feed.SuspectGap();
        }
        return FeedFrameLog.IsMarketData(_logger, Venues.Bybit, frame);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bybit's sequence broke without a disconnect, filling the gap from REST: {Reason}")]
    private static partial void LogSequenceBreak(ILogger logger, string reason);
}
