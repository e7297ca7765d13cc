using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Parsing;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Binance;

/// <summary>Reads Binance's combined <c>@trade</c> and quote streams (spot or USD-M) over a WebSocket and records them,
/// reconnecting forever and filling every gap from the REST trade history.</summary>
/// <remarks>
/// Frames go through the same <see cref="BinanceFrameParser"/> as <c>import --format binance-ws</c>, so a live session and a
/// recording of it leave the same records. Binance pings every few minutes and the client's WebSocket answers with pongs by
/// itself; as pongs are not messages, the reader's own heartbeat on an idle connection is a <c>LIST_SUBSCRIPTIONS</c> request,
/// whose answer proves the connection alive. USD-M's <c>@trade</c> (not <c>@aggTrade</c>) is read because it carries the
/// individual trades with the ids the REST history uses. Binance numbers trades 1, 2, 3… per symbol on the stream, so a skipped
/// id starts a gap-fill as a reconnect does (<see cref="LiveGapFill"/>, run by a <see cref="RecordingFeed"/>).
/// </remarks>
public sealed partial class BinanceWebSocketReader : IMarketSource
{
    private const string Ping = """{"method":"LIST_SUBSCRIPTIONS","id":1}""";

    private readonly BinanceMarket _market;
    private readonly BinanceReaderOptions _options;
    private readonly ILogger _logger;
    private readonly RecordingFeed _feed;
    private readonly BinanceFrameParser _parser;

    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public BinanceWebSocketReader(BinanceMarket market, BinanceReaderOptions options, LiveGapFill gapFill, TimeProvider time, ILogger<BinanceWebSocketReader> logger)
    {
        _feed = new RecordingFeed(market.Venue, options, gapFill, time, logger);
        _market = market;
        _options = options;
        _logger = logger;
        _parser = new BinanceFrameParser(market.Venue);
    }

    public string Name => _market.Venue;

    public SourceStatus Status => _feed.Status;

    // The streams are named in the address, so nothing is sent on connect.
    public Task RunAsync(CancellationToken ct) => _feed.RunAsync([], Ping, Parse, () => LogConnected(_logger, _options.Url), ct);

    // Parses one message; true when it carried trades or quotes.
    private bool Parse(ReadOnlyMemory<byte> message, List<Trade> trades, List<Quote> quotes)
    {
        var result = _parser.ParseFrame(message.Span, trades, quotes);
        switch (result.Outcome)
        {
            case LineOutcome.Records:
                return true;
            case LineOutcome.Malformed:
                LogMalformed(_logger, result.Error);
                return false;
            default:
                // Answers to requests ({"result":…,"id":1}) and errors ({"error":{"code":…,"msg":…},"id":…}) carry no stream.
                if (message.Span.IndexOf("\"error\""u8) >= 0) LogServerError(_logger, System.Text.Encoding.UTF8.GetString(message.Span));
                return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "connected to {Url}")]
    private static partial void LogConnected(ILogger logger, Uri url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Binance reported an error: {Error}")]
    private static partial void LogServerError(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped a malformed Binance frame: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string? reason);
}
