using System.Text;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Kraken;

/// <summary>Parses Kraken spot WebSocket messages, v2 objects and v1 arrays (live or recorded), into trades and quotes of venue
/// <c>kraken</c>, symbols spelled the v2 way (<c>BTC/USD</c>; v1's <c>XBT/USD</c> maps to it).</summary>
/// <remarks>
/// v2 <c>trade</c>: <c>trade_id</c>, <c>timestamp</c> (RFC 3339), <c>symbol</c>, <c>side</c> (the taker's), <c>price</c>,
/// <c>qty</c> the base quantity; quote quantity <c>price·qty</c> exactly. v2 <c>ticker</c>: <c>bid</c>, <c>bid_qty</c>, <c>ask</c>,
/// <c>ask_qty</c> at its <c>timestamp</c>; an entry without a timestamp is left out rather than stamped with a receive time.
/// v1 <c>trade</c> arrays (<c>[price, volume, time, side b|s, type, misc]</c>) carry no trade id: the id is derived from the
/// trade's own text and its position in the message (<c>v1-&lt;time&gt;-&lt;index&gt;-&lt;side&gt;-&lt;price&gt;-&lt;volume&gt;</c>),
/// so replaying or re-importing the same messages adds nothing; those ids differ from v2's and REST's, so a v1 recording and
/// a v2 session of the same hour would count its trades twice. v1 <c>spread</c> (<c>[bid, ask, time, bidVolume,
/// askVolume]</c>) gives quotes; v1 <c>ticker</c> has no time and is ignored. Numbers are read from their JSON text, never
/// through <see cref="double"/>. A message is all or nothing. Not thread-safe: give each connection or file its own parser.
/// </remarks>
public sealed class KrakenFrameParser : IRecordedLineParser
{
    private const int MaxArrayElements = 8;
    private readonly InstrumentCache _instruments = new(Venues.Kraken);
    private readonly FrameBodyParser _parseBody;

    public KrakenFrameParser() =>
        _parseBody = (frame, trades, quotes) => !frame.IsEmpty && frame[0] == '[' ? ParseV1Array(frame, trades, quotes) : ParseObject(frame, trades, quotes);

    /// <summary>Parses one message and appends its trades or quotes to the lists.</summary>
    public FeedFrame Parse(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes) => WholeFrame.Parse(frame, trades, quotes, _parseBody);

    /// <summary>Parses one line of a recording (see <see cref="RecordedLine"/>).</summary>
    public LineParseResult ParseLine(ReadOnlySpan<byte> line, List<Trade> trades, List<Quote> quotes) =>
        RecordedLine.TryGetFrame(line, out var frame, out var outcome) ? Parse(frame, trades, quotes).ToLineResult() : outcome;

    private FeedFrame ParseObject(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        var reader = new Utf8JsonReader(frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return FeedFrame.Malformed("the message is not a JSON object or array");

        ReadOnlySpan<byte> channel = default, method = default, evt = default, error = default, status = default, pair = default;
        bool? success = null;
        int data = -1, result = -1, subscription = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("channel"u8)) channel = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("method"u8)) method = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("event"u8)) evt = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("error"u8) || reader.ValueTextEquals("errorMessage"u8)) error = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("status"u8)) status = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("pair"u8)) pair = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("success"u8))
            {
                reader.Read();
                success = reader.TokenType switch { JsonTokenType.True => true, JsonTokenType.False => false, _ => null };
            }
            else if (reader.ValueTextEquals("data"u8)) data = SkipValue(ref reader);
            else if (reader.ValueTextEquals("result"u8)) result = SkipValue(ref reader);
            else if (reader.ValueTextEquals("subscription"u8)) subscription = SkipValue(ref reader);
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject) return FeedFrame.Malformed("the message is not a complete JSON object");

        if (!channel.IsEmpty)
        {
            if (channel.SequenceEqual("trade"u8)) return ReadV2Items(frame, data, "trade", trades, quotes);
            if (channel.SequenceEqual("ticker"u8)) return ReadV2Items(frame, data, "ticker", trades, quotes);
            if (channel.SequenceEqual("heartbeat"u8)) return new FeedFrame(FeedFrameKind.Heartbeat);
            if (channel.SequenceEqual("status"u8))
                return new FeedFrame(FeedFrameKind.Status, data < 0 ? null : FirstString(frame[data..], "system"u8));
            return new FeedFrame(FeedFrameKind.Ignored);
        }
        if (!method.IsEmpty)
        {
            if (method.SequenceEqual("pong"u8)) return new FeedFrame(FeedFrameKind.Pong);
            if (success == false) return new FeedFrame(FeedFrameKind.Error, $"{Encoding.UTF8.GetString(method)}: {Encoding.UTF8.GetString(error)}");
            if (method.SequenceEqual("subscribe"u8) && result >= 0)
                return new FeedFrame(FeedFrameKind.Subscribed,
                    $"{FirstString(frame[result..], "channel"u8)} {FirstString(frame[result..], "symbol"u8)}".Trim());
            return new FeedFrame(FeedFrameKind.Ignored);
        }
        if (!evt.IsEmpty)
        {
            if (evt.SequenceEqual("heartbeat"u8)) return new FeedFrame(FeedFrameKind.Heartbeat);
            if (evt.SequenceEqual("pong"u8)) return new FeedFrame(FeedFrameKind.Pong);
            if (evt.SequenceEqual("systemStatus"u8)) return new FeedFrame(FeedFrameKind.Status, Encoding.UTF8.GetString(status));
            if (evt.SequenceEqual("error"u8) || (evt.SequenceEqual("subscriptionStatus"u8) && status.SequenceEqual("error"u8)))
                return new FeedFrame(FeedFrameKind.Error, Encoding.UTF8.GetString(error));
            if (evt.SequenceEqual("subscriptionStatus"u8) && status.SequenceEqual("subscribed"u8))
                return new FeedFrame(FeedFrameKind.Subscribed,
                    $"{(subscription < 0 ? null : FirstString(frame[subscription..], "name"u8))} {Encoding.UTF8.GetString(pair)}".Trim());
            return new FeedFrame(FeedFrameKind.Ignored);
        }
        return FeedFrame.Malformed("the message has neither channel, method nor event");
    }

    private FeedFrame ReadV2Items(ReadOnlySpan<byte> frame, int data, string channel, List<Trade> trades, List<Quote> quotes)
    {
        if (data < 0) return FeedFrame.Malformed($"the {channel} message has no data");
        var reader = new Utf8JsonReader(frame[data..]);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray) return FeedFrame.Malformed($"the {channel} message's data is not an array");
        var quotesBefore = quotes.Count;
        var index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var problem = channel == "trade" ? ReadV2Trade(ref reader, index, trades) : ReadV2Ticker(ref reader, index, quotes);
            if (problem is not null) return FeedFrame.Malformed(problem);
            index++;
        }
        if (reader.TokenType != JsonTokenType.EndArray) return FeedFrame.Malformed($"{channel} {index} is not a JSON object");
        if (channel == "trade") return new FeedFrame(FeedFrameKind.Trades);
        return quotes.Count > quotesBefore ? new FeedFrame(FeedFrameKind.Quotes) : new FeedFrame(FeedFrameKind.Ignored);
    }

    private string? ReadV2Trade(ref Utf8JsonReader reader, int index, List<Trade> trades)
    {
        ReadOnlySpan<byte> id = default, time = default, symbol = default, side = default, price = default, qty = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("trade_id"u8)) id = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("timestamp"u8)) time = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("symbol"u8)) symbol = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("side"u8)) side = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("price"u8)) price = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("qty"u8)) qty = ReadScalar(ref reader);
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        var which = $"trade {index}";
        if (!Utf8Number.TryParseInt64(id, out var tradeId) || tradeId < 0) return Problem(which, "trade_id", id);
        if (!ExchangeTime.TryParseIso(time, out var exchangeTime)) return Problem(which, "timestamp", time);
        if (!_instruments.TryGet(symbol, out var instrument)) return Problem(which, "symbol", symbol);
        TakerSide taker;
        if (side.SequenceEqual("buy"u8)) taker = TakerSide.Buy;
        else if (side.SequenceEqual("sell"u8)) taker = TakerSide.Sell;
        else return Problem(which, "side", side);
        return AddTrade(which, instrument, tradeId.ToString(System.Globalization.CultureInfo.InvariantCulture), exchangeTime, price, "price", qty, "qty", taker, trades);
    }

    private string? ReadV2Ticker(ref Utf8JsonReader reader, int index, List<Quote> quotes)
    {
        ReadOnlySpan<byte> time = default, symbol = default, bid = default, bidQty = default, ask = default, askQty = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("timestamp"u8)) time = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("symbol"u8)) symbol = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("bid"u8)) bid = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("bid_qty"u8)) bidQty = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("ask"u8)) ask = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("ask_qty"u8)) askQty = ReadScalar(ref reader);
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (time.IsEmpty) return null;
        var which = $"ticker {index}";
        if (!ExchangeTime.TryParseIso(time, out var exchangeTime)) return Problem(which, "timestamp", time);
        if (!_instruments.TryGet(symbol, out var instrument)) return Problem(which, "symbol", symbol);
        return AddQuote(which, instrument, exchangeTime, bid, "bid", bidQty, "bid_qty", ask, "ask", askQty, "ask_qty", quotes);
    }

    private FeedFrame ParseV1Array(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        Span<int> starts = stackalloc int[MaxArrayElements];
        var count = 0;
        var reader = new Utf8JsonReader(frame);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == MaxArrayElements) return FeedFrame.Malformed($"the v1 message has more than {MaxArrayElements} elements");
            starts[count++] = (int)reader.TokenStartIndex;
            reader.Skip();
        }
        if (count < 4) return FeedFrame.Malformed("a v1 channel message needs [channelID, payload, channelName, pair]");
        var name = StringAt(frame, starts[count - 2]);
        var pair = StringAt(frame, starts[count - 1]);
        if (name is null || pair is null) return FeedFrame.Malformed("the v1 message's channel name or pair is not a string");
        if (name != "trade" && name != "spread") return new FeedFrame(FeedFrameKind.Ignored);
        if (!_instruments.TryGet(Encoding.UTF8.GetBytes(KrakenSymbols.FromV1(pair)), out var instrument))
            return FeedFrame.Malformed($"the v1 pair '{pair}' is not a symbol");

        var payload = new Utf8JsonReader(frame[starts[1]..]);
        payload.Read();
        if (payload.TokenType != JsonTokenType.StartArray) return FeedFrame.Malformed($"the v1 {name} payload is not an array");
        if (name == "spread")
        {
            var spread = ReadStrings(ref payload, 5);
            if (spread is null) return FeedFrame.Malformed("the v1 spread payload is not [bid, ask, time, bidVolume, askVolume]");
            if (!ExchangeTime.TryParseEpoch(Encoding.UTF8.GetBytes(spread[2]), out var quoteTime)) return FeedFrame.Malformed(Problem("spread", "time", spread[2]));
            var quoteProblem = AddQuote("spread", instrument, quoteTime, spread[0], "bid", spread[3], "bidVolume", spread[1], "ask", spread[4], "askVolume", quotes);
            return quoteProblem is null ? new FeedFrame(FeedFrameKind.Quotes) : FeedFrame.Malformed(quoteProblem);
        }

        var index = 0;
        while (payload.Read() && payload.TokenType == JsonTokenType.StartArray)
        {
            var fields = ReadStrings(ref payload, 6);
            var which = $"trade {index}";
            if (fields is null) return FeedFrame.Malformed($"{which} is not [price, volume, time, side, orderType, misc]");
            if (!ExchangeTime.TryParseEpoch(Encoding.UTF8.GetBytes(fields[2]), out var time)) return FeedFrame.Malformed(Problem(which, "time", fields[2]));
            TakerSide taker;
            if (fields[3] == "b") taker = TakerSide.Buy;
            else if (fields[3] == "s") taker = TakerSide.Sell;
            else return FeedFrame.Malformed(Problem(which, "side", fields[3]));
            var id = $"v1-{fields[2]}-{index}-{fields[3]}-{fields[0]}-{fields[1]}";
            var problem = AddTrade(which, instrument, id, time, fields[0], "price", fields[1], "volume", taker, trades);
            if (problem is not null) return FeedFrame.Malformed(problem);
            index++;
        }
        return payload.TokenType == JsonTokenType.EndArray ? new FeedFrame(FeedFrameKind.Trades) : FeedFrame.Malformed($"trade {index} is not an array");
    }

    private static string? AddTrade(string which, InstrumentId instrument, string id, DateTime time, ReadOnlySpan<byte> price, string priceField,
        ReadOnlySpan<byte> quantity, string quantityField, TakerSide taker, List<Trade> trades)
    {
        if (!Utf8Number.TryParsePositive(price, out var priceValue)) return Problem(which, priceField, price);
        if (!Utf8Number.TryParsePositive(quantity, out var baseQuantity)) return Problem(which, quantityField, quantity);
        if (!ExactDecimal.TryMultiply(priceValue, baseQuantity, out var quoteQuantity))
            return $"{which}: {priceField}·{quantityField} cannot be held exactly as a decimal; it is not rounded";
        trades.Add(new Trade(instrument, id, time, priceValue, baseQuantity, quoteQuantity, taker));
        return null;
    }

    private static string? AddTrade(string which, InstrumentId instrument, string id, DateTime time, string price, string priceField,
        string quantity, string quantityField, TakerSide taker, List<Trade> trades) =>
        AddTrade(which, instrument, id, time, Encoding.UTF8.GetBytes(price), priceField, Encoding.UTF8.GetBytes(quantity), quantityField, taker, trades);

    private static string? AddQuote(string which, InstrumentId instrument, DateTime time, ReadOnlySpan<byte> bid, string bidField,
        ReadOnlySpan<byte> bidSize, string bidSizeField, ReadOnlySpan<byte> ask, string askField, ReadOnlySpan<byte> askSize, string askSizeField,
        List<Quote> quotes)
    {
        if (!Utf8Number.TryParseDecimal(bid, out var bidPrice) || bidPrice < 0) return Problem(which, bidField, bid);
        if (!Utf8Number.TryParseDecimal(bidSize, out var bidQuantity) || bidQuantity < 0) return Problem(which, bidSizeField, bidSize);
        if (!Utf8Number.TryParseDecimal(ask, out var askPrice) || askPrice < 0) return Problem(which, askField, ask);
        if (!Utf8Number.TryParseDecimal(askSize, out var askQuantity) || askQuantity < 0) return Problem(which, askSizeField, askSize);
        quotes.Add(new Quote(instrument, time, bidPrice, bidQuantity, askPrice, askQuantity));
        return null;
    }

    private static string? AddQuote(string which, InstrumentId instrument, DateTime time, string bid, string bidField, string bidSize,
        string bidSizeField, string ask, string askField, string askSize, string askSizeField, List<Quote> quotes) =>
        AddQuote(which, instrument, time, Encoding.UTF8.GetBytes(bid), bidField, Encoding.UTF8.GetBytes(bidSize), bidSizeField,
            Encoding.UTF8.GetBytes(ask), askField, Encoding.UTF8.GetBytes(askSize), askSizeField, quotes);

    // The first `count` elements of the array the reader is on, all strings (v1 writes every number as a string); null otherwise.
    // Elements past `count` (fields Kraken may add) are skipped.
    private static string[]? ReadStrings(ref Utf8JsonReader reader, int count)
    {
        var values = new string[count];
        var read = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (read < count)
            {
                if (reader.TokenType != JsonTokenType.String) return null;
                values[read] = reader.GetString()!;
            }
            else reader.Skip();
            read++;
        }
        return read >= count ? values : null;
    }

    private static string? StringAt(ReadOnlySpan<byte> frame, int start)
    {
        var reader = new Utf8JsonReader(frame[start..]);
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    // The string value of the first property `name` of the object at the start of `json` (or of the array's first object).
    private static string? FirstString(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray) reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match && reader.TokenType == JsonTokenType.String) return reader.GetString();
            reader.Skip();
        }
        return null;
    }

    // Skips the property's value and returns where it started in the frame.
    private static int SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return start;
    }

    // The value's text, or empty for null; objects and arrays are skipped and read as empty, which the caller reports.
    private static ReadOnlySpan<byte> ReadScalar(scoped ref Utf8JsonReader reader)
    {
        reader.Read();
        if (JsonValue.IsScalar(reader)) return JsonValue.Text(ref reader);
        reader.Skip();
        return default;
    }

    private static string Problem(string which, string field, ReadOnlySpan<byte> text) =>
        text.IsEmpty ? $"{which}: {field} is missing" : $"{which}: {field} '{Excerpt.Of(text)}' {Utf8Number.Complaint(text)}";

    private static string Problem(string which, string field, string text) => Problem(which, field, Encoding.UTF8.GetBytes(text));
}
