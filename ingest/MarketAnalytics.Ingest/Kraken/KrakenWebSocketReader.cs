using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Parsing;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Kraken;

/// <summary>Reads Kraken's WebSocket v2 <c>trade</c> and <c>ticker</c> channels and records them, reconnecting forever and
/// filling every gap from the REST trade history.</summary>
/// <remarks>
/// Each connection subscribes <c>trade</c> (with its snapshot of the last 50 trades) and <c>ticker</c> on best-bid-offer
/// changes (<c>event_trigger: bbo</c>) for <see cref="VenueOptions.Symbols"/>. Kraken sends a <c>heartbeat</c> about once a
/// second on a quiet connection and answers <c>{"method":"ping"}</c>, which goes out after
/// <see cref="WebSocketSourceOptions.HeartbeatInterval"/> of silence. Trades go through a <see cref="RecordingFeed"/>'s <see cref="LiveGapFill"/>: after
/// every (re)connect the trades between the last stored one and the first live one are read from
/// <see cref="KrakenTradeHistory"/>, and as v2 trade ids count up by one per pair, a live id that skips ahead is filled the
/// same way without a disconnect. The snapshot overlaps what is stored; the log drops what it holds.
/// </remarks>
public sealed class KrakenWebSocketReader : IMarketSource
{
    private const string Ping = """{"method":"ping"}""";

    private readonly KrakenOptions _options;
    private readonly ILogger _logger;
    private readonly RecordingFeed _feed;
    private readonly KrakenFrameParser _parser = new();

    /// <exception cref="ValidationException">An option is invalid; the message names it.</exception>
    public KrakenWebSocketReader(KrakenOptions options, LiveGapFill gapFill, TimeProvider time, ILogger<KrakenWebSocketReader> logger)
    {
        _feed = new RecordingFeed(Venues.Kraken, options, gapFill, time, logger);
        _options = options;
        _logger = logger;
    }

    public string Name => Venues.Kraken;

    public SourceStatus Status => _feed.Status;

    public Task RunAsync(CancellationToken ct)
    {
        var symbols = string.Join(',', _options.Symbols.Select(s => $"\"{s}\""));
        string[] subscriptions =
        [
            $$$"""{"method":"subscribe","params":{"channel":"trade","symbol":[{{{symbols}}}],"snapshot":true}}""",
            $$$"""{"method":"subscribe","params":{"channel":"ticker","symbol":[{{{symbols}}}],"event_trigger":"bbo"}}""",
        ];
        return _feed.RunAsync(subscriptions, Ping, Parse, connected: null, ct);
    }

    // Parses one message; true when it carried trades or quotes.
    private bool Parse(ReadOnlyMemory<byte> message, List<Trade> trades, List<Quote> quotes) =>
        FeedFrameLog.IsMarketData(_logger, Venues.Kraken, _parser.Parse(message.Span, trades, quotes));
}
