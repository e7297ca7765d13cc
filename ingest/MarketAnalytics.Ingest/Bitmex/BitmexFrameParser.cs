using System.Text;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>Parses BitMEX realtime frames (live or recorded) into trades and quotes of venue <c>bitmex</c>.</summary>
/// <remarks>
/// Trades: <c>trdMatchID</c> is the trade id, <c>timestamp</c> the exchange time, <c>side</c> the taker side, <c>price</c>,
/// <c>size</c> the contracts, <c>homeNotional</c> the base and <c>foreignNotional</c> the quote quantity; all are required.
/// Quotes: <c>timestamp</c>, <c>symbol</c> and the four bid/ask fields, a side BitMEX left out or null being 0.
/// Only <c>partial</c> and <c>insert</c> carry records; a frame of another table is recognised from its <c>table</c> field and
/// left unread. Numbers are parsed from their JSON text, never through <see cref="double"/>. A frame is all or nothing: if any
/// record in it is broken, none of its records is added. Not thread-safe: give each connection or file its own parser.
/// </remarks>
public sealed class BitmexFrameParser : IRecordedLineParser
{
    private readonly InstrumentCache _instruments = new(Venues.Bitmex);

    private enum Table : byte { Unknown, Trade, Quote }

    private enum TableAction : byte { Unknown, Partial, Insert, Other }

    /// <summary>Parses one frame (a WebSocket text message) and appends its trades or quotes to the lists.</summary>
    public BitmexFrame Parse(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        if (frame.SequenceEqual("pong"u8)) return new BitmexFrame(BitmexFrameKind.Pong);
        var tradeCount = trades.Count;
        var quoteCount = quotes.Count;
        BitmexFrame result;
        try
        {
            result = ParseObject(frame, trades, quotes);
        }
        catch (JsonException e)
        {
            result = new BitmexFrame(BitmexFrameKind.Malformed, $"invalid JSON: {e.Message}");
        }
        if (result.Kind == BitmexFrameKind.Malformed)
        {
            trades.RemoveRange(tradeCount, trades.Count - tradeCount);
            quotes.RemoveRange(quoteCount, quotes.Count - quoteCount);
        }
        return result;
    }

    /// <summary>Parses one line of a recording: a frame, optionally prefixed by its receive time and <c>": "</c> (see
    /// <see cref="RecordedLine"/>).</summary>
    /// <remarks>Lines that are not frames (a recorder's <c>wss://… &lt;- …</c> notes) come back as
    /// <see cref="LineOutcome.NotAFrame"/>; a timestamped line whose frame is not JSON is malformed.</remarks>
    public LineParseResult ParseLine(ReadOnlySpan<byte> line, List<Trade> trades, List<Quote> quotes)
    {
        var frame = line;
        var prefixed = RecordedLine.TryStripReceiveTime(ref frame);
        if (frame.IsEmpty || (frame[0] != '{' && !frame.SequenceEqual("pong"u8)))
            return prefixed ? LineParseResult.Malformed($"the frame after the receive time is not JSON: '{Excerpt.Of(frame)}'") : LineParseResult.NotAFrame;
        var parsed = Parse(frame, trades, quotes);
        return parsed.Kind switch
        {
            BitmexFrameKind.Trades or BitmexFrameKind.Quotes => LineParseResult.Records,
            BitmexFrameKind.Malformed => LineParseResult.Malformed(parsed.Text!),
            _ => LineParseResult.Ignored,
        };
    }

    private BitmexFrame ParseObject(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        var reader = new Utf8JsonReader(frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return Malformed("the frame is not a JSON object");

        var table = Table.Unknown;
        var hasTable = false;
        var action = TableAction.Unknown;
        var dataStart = -1;
        string? info = null, version = null, subscribe = null, error = null;
        var status = "";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("table"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) return Malformed("table is not a string");
                hasTable = true;
                table = reader.ValueTextEquals("trade"u8) ? Table.Trade : reader.ValueTextEquals("quote"u8) ? Table.Quote : Table.Unknown;
                // Tables we do not take (orderBookL2 is most of the traffic) are dropped without reading further.
                if (table == Table.Unknown) return new BitmexFrame(BitmexFrameKind.Ignored);
            }
            else if (reader.ValueTextEquals("action"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) return Malformed("action is not a string");
                action = reader.ValueTextEquals("insert"u8) ? TableAction.Insert
                    : reader.ValueTextEquals("partial"u8) ? TableAction.Partial
                    : TableAction.Other;
                if (action == TableAction.Other) return new BitmexFrame(BitmexFrameKind.Ignored);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                dataStart = (int)reader.TokenStartIndex;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("info"u8)) info = ReadString(ref reader);
            else if (reader.ValueTextEquals("version"u8)) version = ReadString(ref reader);
            else if (reader.ValueTextEquals("subscribe"u8)) subscribe = ReadString(ref reader);
            else if (reader.ValueTextEquals("error"u8)) error = ReadString(ref reader);
            else if (reader.ValueTextEquals("status"u8)) status = ReadString(ref reader) ?? "";
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (hasTable)
        {
            if (action == TableAction.Unknown) return Malformed($"the {TableName(table)} frame has no action");
            if (dataStart < 0) return Malformed($"the {TableName(table)} frame has no data");
            var data = new Utf8JsonReader(frame[dataStart..]);
            data.Read();
            if (data.TokenType != JsonTokenType.StartArray) return Malformed($"the {TableName(table)} frame's data is not an array");
            var problem = table == Table.Trade ? ReadTrades(ref data, trades) : ReadQuotes(ref data, quotes);
            if (problem is not null) return Malformed(problem);
            return new BitmexFrame(table == Table.Trade ? BitmexFrameKind.Trades : BitmexFrameKind.Quotes);
        }
        if (error is not null) return new BitmexFrame(BitmexFrameKind.Error, status.Length > 0 ? $"{status}: {error}" : error);
        if (subscribe is not null) return new BitmexFrame(BitmexFrameKind.Subscribed, subscribe);
        if (info is not null) return new BitmexFrame(BitmexFrameKind.Welcome, version is null ? info : $"{info} (version {version})");
        return new BitmexFrame(BitmexFrameKind.Ignored);
    }

    private string? ReadTrades(ref Utf8JsonReader reader, List<Trade> trades)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            ReadOnlySpan<byte> id = default, time = default, symbol = default, side = default, price = default, size = default,
                home = default, foreign = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("trdMatchID"u8)) id = ReadScalar(ref reader);
                else if (reader.ValueTextEquals("timestamp"u8)) time = ReadScalar(ref reader);
                else if (reader.ValueTextEquals("symbol"u8)) symbol = ReadScalar(ref reader);
                else if (reader.ValueTextEquals("side"u8)) side = ReadScalar(ref reader);
                else if (reader.ValueTextEquals("price"u8)) price = ReadScalar(ref reader);
                else if (reader.ValueTextEquals("size"u8)) size = ReadScalar(ref reader);
                else if (reader.ValueTextEquals("homeNotional"u8)) home = ReadScalar(ref reader);
                else if (reader.ValueTextEquals("foreignNotional"u8)) foreign = ReadScalar(ref reader);
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            var which = id.IsEmpty ? $"trade {index}" : $"trade {index} ({Encoding.UTF8.GetString(id)})";
            if (id.IsEmpty) return $"{which}: trdMatchID is missing";
            if (!ExchangeTime.TryParseIso(time, out var exchangeTime)) return Problem(which, "timestamp", time);
            if (!_instruments.TryGet(symbol, out var instrument)) return Problem(which, "symbol", symbol);
            TakerSide takerSide;
            if (side.SequenceEqual("Buy"u8)) takerSide = TakerSide.Buy;
            else if (side.SequenceEqual("Sell"u8)) takerSide = TakerSide.Sell;
            else return Problem(which, "side", side);
            if (!Utf8Number.TryParsePositive(price, out var priceValue)) return Problem(which, "price", price);
            if (!Utf8Number.TryParsePositive(size, out var contracts)) return Problem(which, "size", size);
            if (!Utf8Number.TryParseDecimal(home, out var baseQuantity) || baseQuantity < 0) return Problem(which, "homeNotional", home);
            if (!Utf8Number.TryParseDecimal(foreign, out var quoteQuantity) || quoteQuantity < 0) return Problem(which, "foreignNotional", foreign);

            trades.Add(new Trade(instrument, TradeId.Of(id), exchangeTime, priceValue, baseQuantity, quoteQuantity,
                takerSide, contracts));
            index++;
        }
        return reader.TokenType == JsonTokenType.EndArray ? null : $"trade {index} is not a JSON object";
    }

    private string? ReadQuotes(ref Utf8JsonReader reader, List<Quote> quotes)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            ReadOnlySpan<byte> time = default, symbol = default, bidPrice = default, bidSize = default, askPrice = default, askSize = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("timestamp"u8)) time = ReadScalar(ref reader);
                else if (reader.ValueTextEquals("symbol"u8)) symbol = ReadScalar(ref reader);
                else if (reader.ValueTextEquals("bidPrice"u8)) bidPrice = ReadScalar(ref reader);
                else if (reader.ValueTextEquals("bidSize"u8)) bidSize = ReadScalar(ref reader);
                else if (reader.ValueTextEquals("askPrice"u8)) askPrice = ReadScalar(ref reader);
                else if (reader.ValueTextEquals("askSize"u8)) askSize = ReadScalar(ref reader);
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            var which = $"quote {index}";
            if (!ExchangeTime.TryParseIso(time, out var exchangeTime)) return Problem(which, "timestamp", time);
            if (!_instruments.TryGet(symbol, out var instrument)) return Problem(which, "symbol", symbol);
            if (!TryOptional(bidPrice, out var bid)) return Problem(which, "bidPrice", bidPrice);
            if (!TryOptional(bidSize, out var bidQuantity)) return Problem(which, "bidSize", bidSize);
            if (!TryOptional(askPrice, out var ask)) return Problem(which, "askPrice", askPrice);
            if (!TryOptional(askSize, out var askQuantity)) return Problem(which, "askSize", askSize);

            quotes.Add(new Quote(instrument, exchangeTime, bid, bidQuantity, ask, askQuantity));
            index++;
        }
        return reader.TokenType == JsonTokenType.EndArray ? null : $"quote {index} is not a JSON object";
    }

    // A side of the book BitMEX has emptied comes as null or not at all; the quote then carries 0 there.
    private static bool TryOptional(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        return text.IsEmpty || (Utf8Number.TryParseDecimal(text, out value) && value >= 0);
    }

    // The value's text, or empty for null; objects and arrays are skipped and read as empty, which the caller reports.
    private static ReadOnlySpan<byte> ReadScalar(scoped ref Utf8JsonReader reader)
    {
        reader.Read();
        if (JsonValue.IsScalar(reader)) return JsonValue.Text(ref reader);
        reader.Skip();
        return default;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (JsonValue.IsScalar(reader)) return Encoding.UTF8.GetString(JsonValue.Text(ref reader));
        reader.Skip();
        return null;
    }

    private static string Problem(string which, string field, ReadOnlySpan<byte> text) =>
        text.IsEmpty ? $"{which}: {field} is missing" : $"{which}: {field} '{Excerpt.Of(text)}' {Utf8Number.Complaint(text)}";

    private static string TableName(Table table) => table == Table.Trade ? "trade" : "quote";

    private static BitmexFrame Malformed(string reason) => new(BitmexFrameKind.Malformed, reason);
}
