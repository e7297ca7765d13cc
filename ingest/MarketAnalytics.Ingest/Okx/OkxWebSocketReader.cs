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
/// Before connecting, the contract values of the configured swaps and futures are looked up (<see cref="OkxContractValues"/>); an
/// inverse contract or an unknown instId is refused with a logged reason shown in the source's status, and the other symbols are
/// read. When OKX cannot be reached then, the connections start anyway and a contract's value is looked up when its first trade
/// arrives; until it is known that trade is not recorded (the connection is replaced and the gap-fill brings it back). Each connection (a <see cref="WebSocketFeed"/>: text
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
    private long _refusedTrades;
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
        _logger = logger;
        _outOfRange = new OutOfRangeRecords(time, logger);
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
                DroppedRecords = _outOfRange.Count + Interlocked.Read(ref _refusedTrades),
            };
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var symbols = await ReadableSymbolsAsync(ct).ConfigureAwait(false);
        if (symbols.Length == 0) return;
        await Task.WhenAll(
            _tradeFeed.RunAsync([Subscription("trades-all", symbols)], Ping, RecordTradesAsync, OnTradesConnectedAsync, ct),
            _quoteFeed.RunAsync([Subscription("bbo-tbt", symbols)], Ping, RecordQuotesAsync, ct),
            _gapFill.RunAsync(ct)).ConfigureAwait(false);
    }

    private static string Subscription(string channel, string[] symbols) =>
        $$"""{"op":"subscribe","args":[{{string.Join(',', symbols.Select(s => $$"""{"channel":"{{channel}}","instId":"{{s}}"}"""))}}]}""";

    // The symbols not refused by what OKX told of them. An OKX that cannot be reached now does not hold the connections back:
    // the contract values are then looked up when a contract's first trade arrives (RecordTradesAsync).
    private async Task<string[]> ReadableSymbolsAsync(CancellationToken ct)
    {
        try
        {
            await _contracts.EnsureAsync(_options.Symbols, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TradeHistoryException or HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogContractsUnavailable(_logger, e.Message);
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
        if (_trades.Exists(LacksContractValue))
        {
            // Throws while OKX's REST API cannot be reached: the connection is replaced, and the gap-fill after the reconnect
            // records these trades once the values are known.
            await _contracts.EnsureAsync(_trades.Where(LacksContractValue).Select(t => t.Instrument.Symbol).Distinct(), ct).ConfigureAwait(false);
            _trades.Clear();
            _tradeParser.Parse(message.Span, _trades, _unusedQuotes);
            if (_trades.Exists(LacksContractValue)) RefuseUnreadable();
        }
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

    private static bool LacksContractValue(Trade trade) => trade.Contracts > 0 && trade.BaseQuantity == 0;

    // OKX refused a contract's value (an inverse contract): its trades are dropped, counted, and the reason shown.
    private void RefuseUnreadable()
    {
        var symbols = _trades.Where(LacksContractValue).Select(t => t.Instrument.Symbol).Distinct().ToList();
        foreach (var symbol in symbols) LogRefused(_logger, symbol, _contracts.RefusalOf(symbol) ?? "no contract value");
        _refused = string.Join("; ", symbols.Select(s => _contracts.RefusalOf(s) ?? $"{s} has no contract value"));
        Interlocked.Add(ref _refusedTrades, _trades.RemoveAll(LacksContractValue));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "OKX's contract values could not be read now; they are looked up again when a contract trades: {Reason}")]
    private static partial void LogContractsUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "okx:{Symbol} is not read: {Reason}")]
    private static partial void LogRefused(ILogger logger, string symbol, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "subscribed to OKX {Subscription}")]
    private static partial void LogSubscribed(ILogger logger, string? subscription);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OKX reported an error: {Error}")]
    private static partial void LogServerError(ILogger logger, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "skipped a malformed OKX frame: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string? reason);
}
