using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Binance;

/// <summary>Parses Binance combined-stream frames (<c>{"stream":"btcusdt@trade","data":{…}}</c>), live or recorded, into
/// trades and quotes of one venue.</summary>
/// <remarks>
/// Only <c>…@trade</c> streams give trades, and <c>…@bookTicker</c> and <c>…@ticker</c> (the 24-hour ticker, whose <c>b</c>/<c>B</c>/<c>a</c>/<c>A</c>
/// are the best bid and ask at its event time <c>E</c>; spot readers take their quotes from it) streams quotes; every other stream (depth, markPrice, …) and
/// frames without a <c>stream</c> (a REST snapshot in a recording) are recognised from the stream name alone and their data is
/// never read, which is what makes a recording of mostly depth frames fast to import.
/// Trade: <c>t</c> id, <c>T</c> trade time (ms), <c>s</c> symbol, <c>p</c> price, <c>q</c> base quantity, quote quantity
/// <c>p·q</c> exactly; <c>m == true</c> means the buyer was the maker, so the taker sold; an <c>X</c> other than
/// <c>MARKET</c> (e.g. <c>INSURANCE_FUND</c>) marks the trade as not a market trade. Quote: <c>b</c>/<c>B</c>/<c>a</c>/<c>A</c>
/// at <c>T</c> (else <c>E</c>); spot bookTicker frames carry neither time, and as the exchange time is unknown such a quote is
/// ignored rather than stamped with a receive time. Frames in the exact shape Binance sends are read by
/// <see cref="BinanceCompactFrame"/> without a JSON reader, any other by <see cref="Utf8JsonReader"/>, to the same result.
/// Not thread-safe: give each connection or file its own parser.
/// </remarks>
public sealed class BinanceFrameParser : IRecordedLineParser
{
    private readonly InstrumentCache _instruments;

    /// <param name="venue">The venue the frames come from: <see cref="Venues.Binance"/> (spot) or <see cref="Venues.BinanceUsdm"/>.</param>
    public BinanceFrameParser(string venue = Venues.Binance)
    {
        if (!InstrumentId.IsToken(venue)) throw new ArgumentException($"'{venue}' is not a venue id", nameof(venue));
        _instruments = new InstrumentCache(venue.ToLowerInvariant());
    }

    /// <summary>Parses one line of a recording: <c>&lt;receive timestamp&gt; &lt;frame&gt;</c>, or the frame alone.</summary>
    /// <remarks>The receive timestamp is the recorder's clock and is not used.</remarks>
    public LineParseResult ParseLine(ReadOnlySpan<byte> line, List<Trade> trades, List<Quote> quotes)
    {
        var frame = line;
        if (!frame.IsEmpty && frame[0] != '{')
        {
            var space = frame.IndexOf((byte)' ');
            if (space <= 0 || !RecordedLine.IsEpochSeconds(frame[..space]))
                return LineParseResult.Malformed($"expected '<receive timestamp> <frame>' but the line starts '{Excerpt.Of(frame)}'");
            frame = frame[(space + 1)..];
        }
        return ParseFrame(frame, trades, quotes);
    }

    /// <summary>Parses one combined-stream frame and appends its trade or quote to the lists.</summary>
    public LineParseResult ParseFrame(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        if (BinanceCompactFrame.TryReadStream(frame, out var name, out var rest))
        {
            var stream = StreamOf(name);
            if (stream == Stream.Other) return LineParseResult.Ignored;
            var payload = new BinancePayload();
            if (BinanceCompactFrame.TryReadData(rest, ref payload)) return Add(stream, in payload, trades, quotes);
        }
        return ReadFrame(frame, trades, quotes);
    }

    /// <summary>Parses one frame with the JSON reader, whatever its shape; <see cref="ParseFrame"/> comes here for what
    /// <see cref="BinanceCompactFrame"/> declines.</summary>
    internal LineParseResult ReadFrame(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        try
        {
            return ReadJsonFrame(frame, trades, quotes);
        }
        catch (JsonException e)
        {
            return LineParseResult.Malformed($"invalid JSON: {e.Message}");
        }
    }

    private enum Stream : byte { Unknown, Trade, BookTicker, Other }

    private static Stream StreamOf(ReadOnlySpan<byte> name) =>
        name.EndsWith("@trade"u8) ? Stream.Trade : name.EndsWith("@bookTicker"u8) || name.EndsWith("@ticker"u8) ? Stream.BookTicker : Stream.Other;

    private LineParseResult ReadJsonFrame(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        var reader = new Utf8JsonReader(frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return LineParseResult.Malformed("the frame is not a JSON object");

        var stream = Stream.Unknown;
        var dataStart = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) return LineParseResult.Malformed("stream is not a string");
                stream = StreamOf(JsonValue.Text(ref reader));
                // Binance writes "stream" first, so depth and other streams end here without their data being read.
                if (stream == Stream.Other) return LineParseResult.Ignored;
                if (dataStart >= 0) break;
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (stream != Stream.Unknown)
                {
                    dataStart = (int)reader.TokenStartIndex;
                    break;
                }
                dataStart = (int)reader.TokenStartIndex;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (stream == Stream.Unknown) return LineParseResult.Ignored;
        if (dataStart < 0) return LineParseResult.Malformed("the frame has no data");
        var data = new Utf8JsonReader(frame[dataStart..]);
        data.Read();
        if (data.TokenType != JsonTokenType.StartObject) return LineParseResult.Malformed("data is not a JSON object");
        var payload = new BinancePayload();
        ReadPayload(ref data, ref payload);
        return Add(stream, in payload, trades, quotes);
    }

    private static void ReadPayload(ref Utf8JsonReader reader, ref BinancePayload payload)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.Length == 1 && !reader.ValueIsEscaped)
            {
                if (name[0] == 'm')
                {
                    payload.BuyerIsMaker = reader.TokenType switch { JsonTokenType.True => true, JsonTokenType.False => false, _ => null };
                    continue;
                }
                if (BinancePayload.IsTextField(name[0]))
                {
                    payload.Set(name[0], Scalar(ref reader));
                    continue;
                }
            }
            reader.Skip();
        }
    }

    private LineParseResult Add(Stream stream, in BinancePayload payload, List<Trade> trades, List<Quote> quotes) =>
        stream == Stream.Trade ? AddTrade(in payload, trades) : AddQuote(in payload, quotes);

    private LineParseResult AddTrade(in BinancePayload trade, List<Trade> trades)
    {
        if (!Utf8Number.TryParseInt64(trade.Id, out _)) return Problem("trade", "t", trade.Id);
        if (!Utf8Number.TryParseInt64(trade.Time, out var milliseconds) || !ExchangeTime.TryFromUnixMilliseconds(milliseconds, out var exchangeTime))
            return Problem("trade", "T", trade.Time);
        if (!_instruments.TryGet(trade.Symbol, out var instrument)) return Problem("trade", "s", trade.Symbol);
        if (!Utf8Number.TryParsePositive(trade.Price, out var priceValue)) return Problem("trade", "p", trade.Price);
        if (!Utf8Number.TryParsePositive(trade.Quantity, out var baseQuantity)) return Problem("trade", "q", trade.Quantity);
        if (trade.BuyerIsMaker is not { } maker) return LineParseResult.Malformed("trade: m is missing or not a boolean");

        if (!ExactDecimal.TryMultiply(priceValue, baseQuantity, out var quoteQuantity))
            return LineParseResult.Malformed("trade: p·q cannot be held exactly as a decimal; it is not rounded");

        var isMarket = trade.Kind.IsEmpty || trade.Kind.SequenceEqual("MARKET"u8);
        trades.Add(new Trade(instrument, TradeId.Of(trade.Id), exchangeTime, priceValue, baseQuantity, quoteQuantity,
            maker ? TakerSide.Sell : TakerSide.Buy, IsMarket: isMarket));
        return LineParseResult.Records;
    }

    private LineParseResult AddQuote(in BinancePayload quote, List<Quote> quotes)
    {
        var time = quote.Time.IsEmpty ? quote.EventTime : quote.Time;
        if (time.IsEmpty) return LineParseResult.Ignored;
        if (!Utf8Number.TryParseInt64(time, out var milliseconds) || !ExchangeTime.TryFromUnixMilliseconds(milliseconds, out var exchangeTime))
            return Problem("bookTicker", "T", time);
        if (!_instruments.TryGet(quote.Symbol, out var instrument)) return Problem("bookTicker", "s", quote.Symbol);
        if (!Utf8Number.TryParseDecimal(quote.Bid, out var bidPrice) || bidPrice < 0) return Problem("bookTicker", "b", quote.Bid);
        if (!Utf8Number.TryParseDecimal(quote.BidSize, out var bidQuantity) || bidQuantity < 0) return Problem("bookTicker", "B", quote.BidSize);
        if (!Utf8Number.TryParseDecimal(quote.Ask, out var askPrice) || askPrice < 0) return Problem("bookTicker", "a", quote.Ask);
        if (!Utf8Number.TryParseDecimal(quote.AskSize, out var askQuantity) || askQuantity < 0) return Problem("bookTicker", "A", quote.AskSize);

        quotes.Add(new Quote(instrument, exchangeTime, bidPrice, bidQuantity, askPrice, askQuantity));
        return LineParseResult.Records;
    }

    // Single-letter fields are matched on their bytes; a value that is an object or array is skipped and read as missing.
    private static ReadOnlySpan<byte> Scalar(scoped ref Utf8JsonReader reader)
    {
        if (JsonValue.IsScalar(reader)) return JsonValue.Text(ref reader);
        reader.Skip();
        return default;
    }

    private static LineParseResult Problem(string what, string field, ReadOnlySpan<byte> text) =>
        LineParseResult.Malformed(text.IsEmpty ? $"{what}: {field} is missing" : $"{what}: {field} '{Excerpt.Of(text)}' {Utf8Number.Complaint(text)}");
}
