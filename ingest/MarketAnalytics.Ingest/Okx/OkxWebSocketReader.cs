using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Parsing;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Okx;

/// <summary>Reads OKX's <c>trades-all</c> and <c>bbo-tbt</c> channels over two WebSockets and records them, filling every gap
/// from the REST history, reconnecting forever.</summary>
/// <remarks>
/// Before connecting, the contract values of the configured swaps and futures are looked up (<see cref="OkxContractValues"/>,
/// retried with the feed's backoff until OKX answers); an inverse contract or an unknown instId is refused with a logged reason
/// shown in the source's status, and the other symbols are read. Each connection (a <see cref="WebSocketFeed"/>: text
/// <c>ping</c> when idle, answered <c>pong</c>) subscribes its channel for every symbol; every new trades connection starts a
/// gap-fill from the last stored trade of each instrument to its first live trade (<see cref="LiveGapFill"/>).
/// </remarks>
public sealed partial class OkxWebSocketReader : IMarketSource
{
    private const string Ping = "ping";

    private readonly OkxReaderOptions _options;
    private readonly OkxContractValues _contracts;
    private readonly LiveGapFill _gapFill;
    private readonly MarketRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WebSocketFeed _tradeFeed;
    private readonly WebSocketFeed _quoteFeed;
    private readonly OkxFrameParser _tradeParser;
    private readonly OkxFrameParser _quoteParser;
    private readonly List<Trade> _trades = [];
    private readonly List<Quote> _quotes = [];
    private readonly List<Trade> _unusedTrades = [];
    private readonly List<Quote> _unusedQuotes = [];
    private volatile string? _refused;
    private readonly OutOfRangeRecords _outOfRange;

    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public OkxWebSocketReader(OkxReaderOptions options, OkxContractValues contracts, LiveGapFill gapFill, MarketRecorder recorder, TimeProvider time,
        ILogger<OkxWebSocketReader> logger)
    {
        _tradeFeed = new WebSocketFeed(Venues.Okx, options.WithUrl(options.StreamUrl()), time, logger);
        _quoteFeed = new WebSocketFeed(Venues.Okx, options.WithUrl(options.QuoteStreamUrl()), time, logger);
        _options = options;
        _contracts = contracts;
        _gapFill = gapFill;
        _recorder = recorder;
        _time = time;
        _logger = logger;
        _outOfRange = new OutOfRangeRecords(Venues.Okx, time, logger);
        _tradeParser = new OkxFrameParser(contracts.Values);
        _quoteParser = new OkxFrameParser(contracts.Values);
    }

    public string Name => Venues.Okx;

    /// <summary>The trades connection's state; the quotes connection's failure shows as the last error while it is down.</summary>
    public SourceStatus Status
    {
        get
        {
            var trades = _tradeFeed.Status;
            var quotes = _quoteFeed.Status;
            return trades with
            {
                IsConnected = trades.IsConnected && quotes.IsConnected,
                ReconnectCount = trades.ReconnectCount + quotes.ReconnectCount,
                LastError = _refused ?? (quotes.IsConnected ? trades.LastError : quotes.LastError ?? trades.LastError),
                GapFill = _gapFill.Report,
                DroppedRecords = _outOfRange.Count,
            };
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        string[] symbols;
        try
        {
            symbols = await ReadableSymbolsAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        if (symbols.Length == 0) return;
        await Task.WhenAll(
            _tradeFeed.RunAsync([Subscription("trades-all", symbols)], Ping, RecordTradesAsync, OnTradesConnectedAsync, ct),
            _quoteFeed.RunAsync([Subscription("bbo-tbt", symbols)], Ping, RecordQuotesAsync, ct),
            _gapFill.RunAsync(ct)).ConfigureAwait(false);
    }

    private static string Subscription(string channel, string[] symbols) =>
        $$"""{"op":"subscribe","args":[{{string.Join(',', symbols.Select(s => $$"""{"channel":"{{channel}}","instId":"{{s}}"}"""))}}]}""";

    // The symbols that can be read exactly, once OKX has told the contract values; an unreachable OKX is asked again with backoff.
    private async Task<string[]> ReadableSymbolsAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _contracts.EnsureAsync(_options.Symbols, ct).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (e is TradeHistoryException or HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                _refused = $"looking up OKX's contract values failed: {e.Message}";
                var delay = TimeSpan.FromTicks(Math.Min(_options.ReconnectBaseDelay.Ticks * (1L << Math.Min(attempt - 1, 20)), _options.ReconnectMaxDelay.Ticks));
                LogContractsUnavailable(_logger, attempt, delay.TotalSeconds, e.Message);
                await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            }
        }
        var refused = _options.Symbols.Where(s => _contracts.RefusalOf(s) is not null).ToList();
        foreach (var symbol in refused) LogRefused(_logger, symbol, _contracts.RefusalOf(symbol)!);
        _refused = refused.Count == 0 ? null : string.Join("; ", refused.Select(s => _contracts.RefusalOf(s)));
        return [.. _options.Symbols.Except(refused)];
    }

    private ValueTask OnTradesConnectedAsync(CancellationToken ct)
    {
        _gapFill.OnConnected();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<bool> RecordTradesAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        _trades.Clear();
        _unusedQuotes.Clear();
        if (!Handle(_tradeParser.Parse(message.Span, _trades, _unusedQuotes))) return false;
        _outOfRange.Drop(_trades, _unusedQuotes);
        if (_trades.Count > 0) await _gapFill.RecordAsync(_trades, [], ct).ConfigureAwait(false);
        return true;
    }

    private async ValueTask<bool> RecordQuotesAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        _quotes.Clear();
        _unusedTrades.Clear();
        if (!Handle(_quoteParser.Parse(message.Span, _unusedTrades, _quotes))) return false;
        _outOfRange.Drop(_unusedTrades, _quotes);
        if (_quotes.Count > 0) await _recorder.RecordAsync([], _quotes, ct).ConfigureAwait(false);
        return true;
    }

    // True when the frame carried market data.
    private bool Handle(FeedFrame frame)
    {
        switch (frame.Kind)
        {
            case FeedFrameKind.Trades or FeedFrameKind.Quotes:
                return true;
            case FeedFrameKind.Subscribed:
                LogSubscribed(_logger, frame.Text);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "OKX's contract values could not be read (attempt {Attempt}), asking again in {DelaySeconds:0.0} s: {Reason}")]
    private static partial void LogContractsUnavailable(ILogger logger, int attempt, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "okx:{Symbol} is not read: {Reason}")]
    private static partial void LogRefused(ILogger logger, string symbol, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "subscribed to OKX {Subscription}")]
    private static partial void LogSubscribed(ILogger logger, string? subscription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OKX reported an error: {Error}")]
    private static partial void LogServerError(ILogger logger, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped a malformed OKX frame: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string? reason);
}
