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
/// id starts a gap-fill as a reconnect does (<see cref="LiveGapFill"/>).
/// </remarks>
public sealed partial class BinanceWebSocketReader : IMarketSource
{
    private const string Ping = """{"method":"LIST_SUBSCRIPTIONS","id":1}""";

    private readonly BinanceMarket _market;
    private readonly BinanceReaderOptions _options;
    private readonly LiveGapFill _gapFill;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WebSocketFeed _feed;
    private readonly BinanceFrameParser _parser;
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];
    private long _droppedRecords;

    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public BinanceWebSocketReader(BinanceMarket market, BinanceReaderOptions options, LiveGapFill gapFill, TimeProvider time, ILogger<BinanceWebSocketReader> logger)
    {
        _feed = new WebSocketFeed(market.Venue, options, time, logger);
        _market = market;
        _options = options;
        _gapFill = gapFill;
        _time = time;
        _logger = logger;
        _parser = new BinanceFrameParser(market.Venue);
    }

    public string Name => _market.Venue;

    public SourceStatus Status => _feed.Status with { DroppedRecords = Interlocked.Read(ref _droppedRecords), GapFill = _gapFill.Report };

    public async Task RunAsync(CancellationToken ct)
    {
        var fills = _gapFill.RunAsync(ct);
        // The streams are named in the address, so nothing is sent on connect.
        await _feed.RunAsync([], Ping, RecordAsync, OnConnectedAsync, ct).ConfigureAwait(false);
        await fills.ConfigureAwait(false);
    }

    private ValueTask OnConnectedAsync(CancellationToken ct)
    {
        LogConnected(_logger, _options.Url);
        _gapFill.OnConnected();
        return ValueTask.CompletedTask;
    }

    // Parses and records one message; true when it carried trades or quotes.
    private async ValueTask<bool> RecordAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        _trades.Clear();
        _quotes.Clear();
        var result = _parser.ParseFrame(message.Span, _trades, _quotes);
        switch (result.Outcome)
        {
            case LineOutcome.Records:
                DropOutOfRange();
                if (_trades.Count > 0 || _quotes.Count > 0) await _gapFill.RecordAsync(_trades, _quotes, ct).ConfigureAwait(false);
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

    // A record whose exchange time is outside ValidTimes' range (a wrong clock, a broken frame) would sit in the aggregates or
    // hold the current price for good: it is counted, logged and dropped.
    private void DropOutOfRange()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var dropped = _trades.RemoveAll(t => !ValidTimes.IsTradeTime(t.Time, now)) + _quotes.RemoveAll(q => !ValidTimes.IsTradeTime(q.Time, now));
        if (dropped == 0) return;
        Interlocked.Add(ref _droppedRecords, dropped);
        LogOutOfRange(_logger, dropped, ValidTimes.DescribeTradeRange(now));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "connected to {Url}")]
    private static partial void LogConnected(ILogger logger, Uri url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} records whose exchange time is outside the valid range {Range}")]
    private static partial void LogOutOfRange(ILogger logger, int count, string range);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Binance reported an error: {Error}")]
    private static partial void LogServerError(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped a malformed Binance frame: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string? reason);
}
