using System.Text;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Coinbase;

/// <summary>Parses Coinbase Exchange WebSocket feed messages (live or recorded) into trades and quotes of venue <c>coinbase</c>.</summary>
/// <remarks>
/// Trades: <c>match</c> and <c>last_match</c> (the product's latest trade, sent once on subscribe) — <c>trade_id</c> the trade id,
/// <c>time</c> the exchange time, <c>product_id</c> the symbol (<c>BTC-USD</c>), <c>price</c>, <c>size</c> the base quantity, quote
/// quantity <c>price·size</c> exactly. A match's <c>side</c> is the side of the MAKER order, so the taker is the other side
/// (<c>"side":"sell"</c>: a resting sell order was hit by a buyer, the taker bought). Quotes: <c>ticker</c>'s
/// <c>best_bid</c>, <c>best_bid_size</c>, <c>best_ask</c>, <c>best_ask_size</c> at its <c>time</c>; a ticker without a time (an
/// old recording) is ignored rather than stamped with a receive time. Numbers are read from their JSON text, never through
/// <see cref="double"/>. Not thread-safe: give each connection or file its own parser.
/// </remarks>
public sealed class CoinbaseFrameParser : IRecordedLineParser
{
    private readonly InstrumentCache _instruments = new(Venues.Coinbase);

    /// <summary>Parses one feed message and appends its trade or quote to the lists; nothing is added unless the result is
    /// <see cref="CoinbaseFrameKind.Trade"/> or <see cref="CoinbaseFrameKind.Quote"/>.</summary>
    public CoinbaseFrame Parse(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        try
        {
            return ParseObject(frame, trades, quotes);
        }
        catch (JsonException e)
        {
            return Malformed($"invalid JSON: {e.Message}");
        }
    }

    /// <summary>Parses one line of a recording (see <see cref="RecordedLine"/>).</summary>
    public LineParseResult ParseLine(ReadOnlySpan<byte> line, List<Trade> trades, List<Quote> quotes)
    {
        if (!RecordedLine.TryGetFrame(line, out var frame, out var outcome)) return outcome;
        var parsed = Parse(frame, trades, quotes);
        return parsed.Kind switch
        {
            CoinbaseFrameKind.Trade or CoinbaseFrameKind.Quote => LineParseResult.Records,
            CoinbaseFrameKind.Malformed => LineParseResult.Malformed(parsed.Text!),
            _ => LineParseResult.Ignored,
        };
    }

    private enum MessageType : byte { Other, Match, Ticker, Subscriptions, Heartbeat, Error }

    private CoinbaseFrame ParseObject(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        var reader = new Utf8JsonReader(frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Malformed("the message is not a JSON object");

        var type = MessageType.Other;
        var hasType = false;
        ReadOnlySpan<byte> tradeId = default, sequence = default, time = default, product = default, price = default, size = default,
            side = default, bid = default, bidSize = default, ask = default, askSize = default, lastTradeId = default, message = default,
            reason = default;
        string? channels = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) return Malformed("type is not a string");
                hasType = true;
                type = reader.ValueTextEquals("match"u8) || reader.ValueTextEquals("last_match"u8) ? MessageType.Match
                    : reader.ValueTextEquals("ticker"u8) ? MessageType.Ticker
                    : reader.ValueTextEquals("subscriptions"u8) ? MessageType.Subscriptions
                    : reader.ValueTextEquals("heartbeat"u8) ? MessageType.Heartbeat
                    : reader.ValueTextEquals("error"u8) ? MessageType.Error
                    : MessageType.Other;
                // Order-book traffic (l2update, snapshot, status, …) is dropped without reading the rest.
                if (type == MessageType.Other) return new CoinbaseFrame(CoinbaseFrameKind.Ignored);
            }
            else if (reader.ValueTextEquals("trade_id"u8)) tradeId = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("sequence"u8)) sequence = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("time"u8)) time = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("product_id"u8)) product = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("price"u8)) price = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("size"u8)) size = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("side"u8)) side = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("best_bid"u8)) bid = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("best_bid_size"u8)) bidSize = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("best_ask"u8)) ask = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("best_ask_size"u8)) askSize = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("last_trade_id"u8)) lastTradeId = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("message"u8)) message = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("reason"u8)) reason = ReadScalar(ref reader);
            else if (reader.ValueTextEquals("channels"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                channels = Encoding.UTF8.GetString(frame[start..(int)reader.BytesConsumed]);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject) return Malformed("the message is not a complete JSON object");
        if (!hasType) return Malformed("type is missing");

        switch (type)
        {
            case MessageType.Match:
                return ReadMatch(tradeId, sequence, time, product, price, size, side, trades);
            case MessageType.Ticker:
                return ReadTicker(sequence, time, product, bid, bidSize, ask, askSize, quotes);
            case MessageType.Subscriptions:
                return new CoinbaseFrame(CoinbaseFrameKind.Subscribed, channels ?? "[]");
            case MessageType.Heartbeat:
                if (!_instruments.TryGet(product, out var beating)) return Problem("heartbeat", "product_id", product);
                if (!TryCount(sequence, out var beatSequence)) return Problem("heartbeat", "sequence", sequence);
                if (!TryCount(lastTradeId, out var last)) return Problem("heartbeat", "last_trade_id", lastTradeId);
                return new CoinbaseFrame(CoinbaseFrameKind.Heartbeat, null, beating, beatSequence, last);
            default:
                var text = Encoding.UTF8.GetString(message);
                return new CoinbaseFrame(CoinbaseFrameKind.Error, reason.IsEmpty ? text : $"{text}: {Encoding.UTF8.GetString(reason)}");
        }
    }

    private CoinbaseFrame ReadMatch(ReadOnlySpan<byte> tradeId, ReadOnlySpan<byte> sequence, ReadOnlySpan<byte> time,
        ReadOnlySpan<byte> product, ReadOnlySpan<byte> price, ReadOnlySpan<byte> size, ReadOnlySpan<byte> side, List<Trade> trades)
    {
        if (!Utf8Number.TryParseInt64(tradeId, out var id) || id < 0) return Problem("match", "trade_id", tradeId);
        if (!TryCount(sequence, out var sequenceNumber)) return Problem("match", "sequence", sequence);
        if (!ExchangeTime.TryParseIso(time, out var exchangeTime)) return Problem("match", "time", time);
        if (!_instruments.TryGet(product, out var instrument)) return Problem("match", "product_id", product);
        if (!Utf8Number.TryParsePositive(price, out var priceValue)) return Problem("match", "price", price);
        if (!Utf8Number.TryParsePositive(size, out var baseQuantity)) return Problem("match", "size", size);
        // The maker's side: a resting sell hit means the taker bought.
        TakerSide taker;
        if (side.SequenceEqual("sell"u8)) taker = TakerSide.Buy;
        else if (side.SequenceEqual("buy"u8)) taker = TakerSide.Sell;
        else return Problem("match", "side", side);
        if (!ExactDecimal.TryMultiply(priceValue, baseQuantity, out var quoteQuantity))
            return Malformed("match: price·size cannot be held exactly as a decimal; it is not rounded");

        trades.Add(new Trade(instrument, TradeId.Of(id), exchangeTime, priceValue, baseQuantity, quoteQuantity, taker));
        return new CoinbaseFrame(CoinbaseFrameKind.Trade, null, instrument, sequenceNumber, id);
    }

    private CoinbaseFrame ReadTicker(ReadOnlySpan<byte> sequence, ReadOnlySpan<byte> time, ReadOnlySpan<byte> product,
        ReadOnlySpan<byte> bid, ReadOnlySpan<byte> bidSize, ReadOnlySpan<byte> ask, ReadOnlySpan<byte> askSize, List<Quote> quotes)
    {
        if (time.IsEmpty) return new CoinbaseFrame(CoinbaseFrameKind.Ignored);
        if (!ExchangeTime.TryParseIso(time, out var exchangeTime)) return Problem("ticker", "time", time);
        if (!_instruments.TryGet(product, out var instrument)) return Problem("ticker", "product_id", product);
        if (!TryCount(sequence, out var sequenceNumber)) return Problem("ticker", "sequence", sequence);
        if (!Utf8Number.TryParseDecimal(bid, out var bidPrice) || bidPrice < 0) return Problem("ticker", "best_bid", bid);
        if (!Utf8Number.TryParseDecimal(bidSize, out var bidQuantity) || bidQuantity < 0) return Problem("ticker", "best_bid_size", bidSize);
        if (!Utf8Number.TryParseDecimal(ask, out var askPrice) || askPrice < 0) return Problem("ticker", "best_ask", ask);
        if (!Utf8Number.TryParseDecimal(askSize, out var askQuantity) || askQuantity < 0) return Problem("ticker", "best_ask_size", askSize);

        quotes.Add(new Quote(instrument, exchangeTime, bidPrice, bidQuantity, askPrice, askQuantity));
        return new CoinbaseFrame(CoinbaseFrameKind.Quote, null, instrument, sequenceNumber);
    }

    // A count the feed may leave out (0 then); present, it must be a whole non-negative number.
    private static bool TryCount(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        return text.IsEmpty || (Utf8Number.TryParseInt64(text, out value) && value >= 0);
    }

    // The value's text, or empty for null; objects and arrays are skipped and read as empty, which the caller reports.
    private static ReadOnlySpan<byte> ReadScalar(scoped ref Utf8JsonReader reader)
    {
        reader.Read();
        if (JsonValue.IsScalar(reader)) return JsonValue.Text(ref reader);
        reader.Skip();
        return default;
    }

    private static CoinbaseFrame Problem(string what, string field, ReadOnlySpan<byte> text) =>
        Malformed(text.IsEmpty ? $"{what}: {field} is missing" : $"{what}: {field} '{Excerpt.Of(text)}' {Utf8Number.Complaint(text)}");

    private static CoinbaseFrame Malformed(string reason) => new(CoinbaseFrameKind.Malformed, reason);
}
