using System.Text;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Bybit;

/// <summary>Parses Bybit v5 public WebSocket frames (live or recorded) into trades and quotes of venue <c>bybit</c>.</summary>
/// <remarks>
/// Trades: <c>publicTrade.{symbol}</c> frames, each element with <c>i</c> (trade id), <c>T</c> (ms), <c>s</c>, <c>p</c>,
/// <c>v</c> and <c>S</c>, the taker's side. Spot and linear (USDT/USDC) contracts trade in the base coin, so <c>v</c> is the
/// base quantity and the quote quantity is <c>p·v</c>. Inverse contracts (<c>BTCUSD</c>, <c>BTCUSDH25</c>) trade in 1-USD
/// contracts: <c>v</c> is kept as contracts and as the quote quantity, and the base quantity (<c>v/p</c>, which a decimal would
/// have to round) is left at 0. Quotes: <c>orderbook.1.{symbol}</c> frames (first level of <c>b</c>/<c>a</c>) at <c>cts</c>, the
/// matching engine's time, else <c>ts</c>. Control frames: <c>{"success":…,"op":"subscribe"}</c> is an ack or an error
/// (<c>ret_msg</c>), <c>{"op":"ping","ret_msg":"pong"}</c> and <c>{"op":"pong"}</c> answer our ping.
/// Bybit's <c>seq</c> (cross sequence) is not contiguous (it counts every matching event, not only trades), so a gap cannot be
/// seen as a missing number; what can be seen is a step back of a symbol's trade <c>seq</c>, or an order book <c>u</c> of 1
/// after a higher one (Bybit's sign of a restarted service): either sets <see cref="SequenceBreak"/>. A frame is all or nothing.
/// Not thread-safe: give each connection or file its own parser.
/// </remarks>
public sealed class BybitFrameParser : IRecordedLineParser
{
    private static readonly TradeFieldNames FieldNames = new("trade id", "time", "symbol", "price", "size", "Buy"u8.ToArray(), "Sell"u8.ToArray());

    private readonly InstrumentCache _instruments = new(Venues.Bybit);
    private readonly Dictionary<InstrumentId, long> _lastTradeSeq = [];
    private readonly Dictionary<InstrumentId, long> _lastBookUpdate = [];
    private readonly FrameBodyParser _parseObject;

    private enum Topic : byte { None, Trades, Book, Other }

    public BybitFrameParser() => _parseObject = ParseObject;

    /// <summary>After <see cref="Parse"/>: why the frame shows the stream skipped or restarted, else null.</summary>
    public string? SequenceBreak { get; private set; }

    /// <summary>True for symbols of inverse contracts (<c>BTCUSD</c>, <c>ETHUSDH25</c>), which trade in 1-USD contracts.</summary>
    public static bool IsInverse(ReadOnlySpan<char> symbol)
    {
        var usd = symbol.LastIndexOf("USD");
        if (usd <= 0) return false;
        var rest = symbol[(usd + 3)..];
        return rest.IsEmpty || (rest.Length == 3 && "FGHJKMNQUVXZ".Contains(rest[0]) && char.IsAsciiDigit(rest[1]) && char.IsAsciiDigit(rest[2]));
    }

    /// <summary>Forgets the sequence positions, for a new connection (whose gap the reader fills anyway).</summary>
    public void ResetSequences()
    {
        _lastTradeSeq.Clear();
        _lastBookUpdate.Clear();
    }

    /// <summary>Parses one line of a recording: <c>&lt;receive time&gt;: &lt;frame&gt;</c>, or the frame alone.</summary>
    public LineParseResult ParseLine(ReadOnlySpan<byte> line, List<Trade> trades, List<Quote> quotes) =>
        RecordedLine.TryGetFrame(line, out var frame, out var outcome) ? Parse(frame, trades, quotes).ToLineResult() : outcome;

    /// <summary>Parses one frame (a WebSocket text message) and appends its trades or quotes to the lists.</summary>
    public FeedFrame Parse(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        SequenceBreak = null;
        var result = WholeFrame.Parse(frame, trades, quotes, _parseObject);
        if (result.Kind == FeedFrameKind.Malformed) SequenceBreak = null;
        return result;
    }

    private FeedFrame ParseObject(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        var reader = new Utf8JsonReader(frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return FeedFrame.Malformed("the frame is not a JSON object");

        var topic = Topic.None;
        string? topicName = null, op = null, retMsg = null;
        bool? success = null;
        ReadOnlySpan<byte> ts = default, cts = default;
        var dataStart = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("topic"u8))
            {
                topicName = JsonValue.ReadString(ref reader) ?? "";
                topic = topicName.StartsWith("publicTrade.", StringComparison.Ordinal) ? Topic.Trades
                    : topicName.StartsWith("orderbook.1.", StringComparison.Ordinal) ? Topic.Book
                    : Topic.Other;
                // Other topics (deeper books, tickers, klines) are dropped without reading further.
                if (topic == Topic.Other) return new FeedFrame(FeedFrameKind.Ignored);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                dataStart = (int)reader.TokenStartIndex;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("ts"u8)) ts = JsonValue.ReadScalar(ref reader);
            else if (reader.ValueTextEquals("cts"u8)) cts = JsonValue.ReadScalar(ref reader);
            else if (reader.ValueTextEquals("op"u8)) op = JsonValue.ReadString(ref reader);
            else if (reader.ValueTextEquals("ret_msg"u8)) retMsg = JsonValue.ReadString(ref reader);
            else if (reader.ValueTextEquals("success"u8))
            {
                reader.Read();
                success = reader.TokenType switch { JsonTokenType.True => true, JsonTokenType.False => false, _ => null };
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (topic == Topic.None)
        {
            if (op == "pong" || (op == "ping" && success != false)) return new FeedFrame(FeedFrameKind.Pong);
            if (success == false) return new FeedFrame(FeedFrameKind.Error, $"{op}: {retMsg}");
            if (op == "subscribe") return new FeedFrame(FeedFrameKind.Subscribed, retMsg);
            return new FeedFrame(FeedFrameKind.Ignored);
        }
        if (dataStart < 0) return FeedFrame.Malformed($"the {topicName} frame has no data");
        var data = new Utf8JsonReader(frame[dataStart..]);
        data.Read();
        if (topic == Topic.Trades)
        {
            if (data.TokenType != JsonTokenType.StartArray) return FeedFrame.Malformed("publicTrade data is not an array");
            var problem = ReadTrades(ref data, trades);
            return problem is null ? new FeedFrame(FeedFrameKind.Trades) : FeedFrame.Malformed(problem);
        }
        if (data.TokenType != JsonTokenType.StartObject) return FeedFrame.Malformed("orderbook data is not a JSON object");
        var bookProblem = ReadBook(ref data, cts.IsEmpty ? ts : cts, quotes);
        return bookProblem is null ? new FeedFrame(FeedFrameKind.Quotes) : FeedFrame.Malformed(bookProblem);
    }

    private string? ReadTrades(ref Utf8JsonReader reader, List<Trade> trades)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            ReadOnlySpan<byte> id = default, time = default, symbol = default, side = default, price = default, size = default, seq = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                if (name.SequenceEqual("i"u8)) id = JsonValue.ReadScalar(ref reader);
                else if (name.SequenceEqual("T"u8)) time = JsonValue.ReadScalar(ref reader);
                else if (name.SequenceEqual("s"u8)) symbol = JsonValue.ReadScalar(ref reader);
                else if (name.SequenceEqual("S"u8)) side = JsonValue.ReadScalar(ref reader);
                else if (name.SequenceEqual("p"u8)) price = JsonValue.ReadScalar(ref reader);
                else if (name.SequenceEqual("v"u8)) size = JsonValue.ReadScalar(ref reader);
                else if (name.SequenceEqual("seq"u8)) seq = JsonValue.ReadScalar(ref reader);
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            var problem = AddTrade(index, id, time, symbol, side, price, size, trades);
            if (problem is not null) return problem;
            if (!seq.IsEmpty)
            {
                if (!Utf8Number.TryParseInt64(seq, out var sequence)) return Utf8Number.Problem($"trade {index}", "seq", seq);
                var instrument = trades[^1].Instrument;
                if (_lastTradeSeq.TryGetValue(instrument, out var last) && sequence < last)
                    SequenceBreak ??= $"{instrument}: trade seq went back from {last} to {sequence}";
                _lastTradeSeq[instrument] = sequence;
            }
            index++;
        }
        return reader.TokenType == JsonTokenType.EndArray ? null : $"trade {index} is not a JSON object";
    }

    /// <summary>Adds one trade from its fields' text (shared with the REST history: <c>execId</c>, <c>time</c>, <c>symbol</c>,
    /// <c>side</c>, <c>price</c>, <c>size</c>); null when it was added, else why not.</summary>
    internal string? AddTrade(int index, ReadOnlySpan<byte> id, ReadOnlySpan<byte> time, ReadOnlySpan<byte> symbol, ReadOnlySpan<byte> side,
        ReadOnlySpan<byte> price, ReadOnlySpan<byte> size, List<Trade> trades)
    {
        if (TradeFields.TryRead(FieldNames, _instruments, index, id, time, symbol, side, price, size, out var trade) is { } problem) return problem;
        if (IsInverse(trade.Instrument.Symbol))
        {
            trades.Add(new Trade(trade.Instrument, trade.Id, trade.Time, trade.Price, 0, trade.Size, trade.Side, trade.Size));
            return null;
        }
        if (!ExactDecimal.TryMultiply(trade.Price, trade.Size, out var quoteQuantity))
            return $"{trade.Which}: price·size cannot be held exactly as a decimal; it is not rounded";
        trades.Add(new Trade(trade.Instrument, trade.Id, trade.Time, trade.Price, trade.Size, quoteQuantity, trade.Side));
        return null;
    }

    private string? ReadBook(ref Utf8JsonReader reader, ReadOnlySpan<byte> time, List<Quote> quotes)
    {
        ReadOnlySpan<byte> symbol = default, bid = default, bidSize = default, ask = default, askSize = default, update = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            if (name.SequenceEqual("s"u8)) symbol = JsonValue.ReadScalar(ref reader);
            else if (name.SequenceEqual("u"u8)) update = JsonValue.ReadScalar(ref reader);
            else if (name.SequenceEqual("b"u8))
            {
                var problem = JsonValue.ReadFirstLevel(ref reader, "orderbook: b", out bid, out bidSize);
                if (problem is not null) return problem;
            }
            else if (name.SequenceEqual("a"u8))
            {
                var problem = JsonValue.ReadFirstLevel(ref reader, "orderbook: a", out ask, out askSize);
                if (problem is not null) return problem;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (!Utf8Number.TryParseInt64(time, out var milliseconds) || !ExchangeTime.TryFromUnixMilliseconds(milliseconds, out var exchangeTime))
            return Utf8Number.Problem("orderbook", "cts", time);
        if (!_instruments.TryGet(symbol, out var instrument)) return Utf8Number.Problem("orderbook", "s", symbol);
        if (!Utf8Number.TryParseOptional(bid, out var bidPrice)) return Utf8Number.Problem("orderbook", "b", bid);
        if (!Utf8Number.TryParseOptional(bidSize, out var bidQuantity)) return Utf8Number.Problem("orderbook", "b size", bidSize);
        if (!Utf8Number.TryParseOptional(ask, out var askPrice)) return Utf8Number.Problem("orderbook", "a", ask);
        if (!Utf8Number.TryParseOptional(askSize, out var askQuantity)) return Utf8Number.Problem("orderbook", "a size", askSize);
        if (!update.IsEmpty)
        {
            if (!Utf8Number.TryParseInt64(update, out var u)) return Utf8Number.Problem("orderbook", "u", update);
            if (u == 1 && _lastBookUpdate.TryGetValue(instrument, out var last) && last > 1)
                SequenceBreak ??= $"{instrument}: order book update id restarted at 1 after {last} (Bybit restarted the service)";
            _lastBookUpdate[instrument] = u;
        }
        quotes.Add(new Quote(instrument, exchangeTime, bidPrice, bidQuantity, askPrice, askQuantity));
        return null;
    }
}
