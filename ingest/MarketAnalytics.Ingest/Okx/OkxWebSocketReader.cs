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
/// arrives; until it is known that trade is not recorded (the connection is replaced and the gap-fill brings it back). Each connection (a <see cref="RecordingFeed"/>: text
/// <c>ping</c> when idle, answered <c>pong</c>) subscribes its channel for every symbol; every new trades connection starts a
/// gap-fill from the last stored trade of each instrument to its first live trade (<see cref="LiveGapFill"/>).
/// </remarks>
public sealed partial class OkxWebSocketReader : IMarketSource
{
    private const string Ping = "ping";

    private readonly OkxReaderOptions _options;
    private readonly OkxContractValues _contracts;
    private readonly ILogger _logger;
    private readonly RecordingFeed _tradeFeed;
    private readonly RecordingFeed _quoteFeed;
    private readonly OkxFrameParser _tradeParser;
    private readonly OkxFrameParser _quoteParser;
    private volatile string? _refused;
    private long _refusedTrades;

    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public OkxWebSocketReader(OkxReaderOptions options, LiveGapFill gapFill, OkxContractValues contracts, MarketRecorder recorder, TimeProvider time,
        ILogger<OkxWebSocketReader> logger)
    {
        _tradeFeed = new RecordingFeed(Venues.Okx, options.WithUrl(options.StreamUrl()), gapFill, time, logger);
        _quoteFeed = new RecordingFeed(Venues.Okx, options.WithUrl(options.QuoteStreamUrl()), recorder, time, logger);
        _options = options;
        _contracts = contracts;
        _logger = logger;
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
                MessagesReceived = trades.MessagesReceived + quotes.MessagesReceived,
                LastError = _refused ?? (quotes.IsConnected ? trades.LastError : quotes.LastError ?? trades.LastError),
                DroppedRecords = trades.DroppedRecords + quotes.DroppedRecords + Interlocked.Read(ref _refusedTrades),
            };
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var symbols = await ReadableSymbolsAsync(ct).ConfigureAwait(false);
        if (symbols.Length == 0) return;
        await Task.WhenAll(
            _tradeFeed.RunAsync([Subscription("trades-all", symbols)], Ping, ParseTradesAsync, connected: null, ct),
            _quoteFeed.RunAsync([Subscription("bbo-tbt", symbols)], Ping, ParseQuotes, connected: null, ct)).ConfigureAwait(false);
    }

    private static string Subscription(string channel, string[] symbols) =>
        $$"""{"op":"subscribe","args":[{{string.Join(',', symbols.Select(s => $$"""{"channel":"{{channel}}","instId":"{{s}}"}"""))}}]}""";

    // The symbols not refused by what OKX told of them. An OKX that cannot be reached now does not hold the connections back:
    // the contract values are then looked up when a contract's first trade arrives (ParseTradesAsync).
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

    // Parses one trades message; true when it carried trades, every one of them with its base quantity.
    private async ValueTask<bool> ParseTradesAsync(ReadOnlyMemory<byte> message, List<Trade> trades, List<Quote> quotes, CancellationToken ct)
    {
        if (!FeedFrameLog.IsMarketData(_logger, Venues.Okx, _tradeParser.Parse(message.Span, trades, quotes))) return false;
        if (trades.Exists(LacksContractValue))
        {
            // Throws while OKX's REST API cannot be reached: the connection is replaced, and the gap-fill after the reconnect
            // records these trades once the values are known.
            await _contracts.EnsureAsync(trades.Where(LacksContractValue).Select(t => t.Instrument.Symbol).Distinct(), ct).ConfigureAwait(false);
            trades.Clear();
            quotes.Clear();
            _tradeParser.Parse(message.Span, trades, quotes);
            if (trades.Exists(LacksContractValue)) RefuseUnreadable(trades);
        }
        return true;
    }

    private bool ParseQuotes(ReadOnlyMemory<byte> message, List<Trade> trades, List<Quote> quotes) =>
        FeedFrameLog.IsMarketData(_logger, Venues.Okx, _quoteParser.Parse(message.Span, trades, quotes));

    private static bool LacksContractValue(Trade trade) => trade.Contracts > 0 && trade.BaseQuantity == 0;

    // OKX refused a contract's value (an inverse contract): its trades are dropped, counted, and the reason shown.
    private void RefuseUnreadable(List<Trade> trades)
    {
        var symbols = trades.Where(LacksContractValue).Select(t => t.Instrument.Symbol).Distinct().ToList();
        foreach (var symbol in symbols) LogRefused(_logger, symbol, _contracts.RefusalOf(symbol) ?? "no contract value");
        _refused = string.Join("; ", symbols.Select(s => _contracts.RefusalOf(s) ?? $"{s} has no contract value"));
        Interlocked.Add(ref _refusedTrades, trades.RemoveAll(LacksContractValue));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OKX's contract values could not be read now; they are looked up again when a contract trades: {Reason}")]
    private static partial void LogContractsUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "okx:{Symbol} is not read: {Reason}")]
    private static partial void LogRefused(ILogger logger, string symbol, string reason);
}
