using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>Reads BitMEX's realtime <c>trade</c> and <c>quote</c> tables over a WebSocket and records them, reconnecting forever.</summary>
/// <remarks>
/// Each connection subscribes <c>trade:S</c> and <c>quote:S</c> for <see cref="BitmexReaderOptions.Symbols"/> and records the
/// <c>partial</c> and every <c>insert</c> through a <see cref="RecordingFeed"/>'s <see cref="LiveGapFill"/>, which after every (re)connect reads the trades
/// between the last stored one and the first live one from <see cref="BitmexTradeHistory"/> (BitMEX's <c>partial</c> replays
/// only a few recent trades). The connection itself (BitMEX's text <c>ping</c>, staleness, reconnects with backoff) is a
/// <see cref="WebSocketFeed"/>. The log's idempotent append drops what the partial or the history repeat, so the reader does
/// not dedupe.
/// </remarks>
public sealed partial class BitmexWebSocketReader : IMarketSource
{
    private const string Ping = "ping";

    private readonly BitmexReaderOptions _options;
    private readonly ILogger _logger;
    private readonly RecordingFeed _feed;
    private readonly BitmexFrameParser _parser = new();

    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public BitmexWebSocketReader(BitmexReaderOptions options, LiveGapFill gapFill, TimeProvider time, ILogger<BitmexWebSocketReader> logger)
    {
        _feed = new RecordingFeed(Venues.Bitmex, options, gapFill, time, logger);
        _options = options;
        _logger = logger;
    }

    public string Name => Venues.Bitmex;

    public SourceStatus Status => _feed.Status;

    public Task RunAsync(CancellationToken ct)
    {
        var topics = _options.Symbols.SelectMany(symbol => new[] { $"\"trade:{symbol}\"", $"\"quote:{symbol}\"" });
        string[] subscriptions = [$$"""{"op":"subscribe","args":[{{string.Join(',', topics)}}]}"""];
        return _feed.RunAsync(subscriptions, Ping, Parse, connected: null, ct);
    }

    // Parses one message; true when it was a trade or quote frame.
    private bool Parse(ReadOnlyMemory<byte> message, List<Trade> trades, List<Quote> quotes)
    {
        var frame = _parser.Parse(message.Span, trades, quotes);
        switch (frame.Kind)
        {
            case BitmexFrameKind.Trades or BitmexFrameKind.Quotes:
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

    [LoggerMessage(Level = LogLevel.Information, Message = "connected to {Url}: {Greeting}")]
    private static partial void LogWelcome(ILogger logger, Uri url, string? greeting);

    [LoggerMessage(Level = LogLevel.Information, Message = "subscribed to {Subscription}")]
    private static partial void LogSubscribed(ILogger logger, string? subscription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BitMEX reported an error: {Error}")]
    private static partial void LogServerError(ILogger logger, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped a malformed BitMEX frame: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string? reason);
}
