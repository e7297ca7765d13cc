using System.Text;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Okx;

/// <summary>Parses OKX v5 public WebSocket frames (live or recorded) into trades and quotes of venue <c>okx</c>.</summary>
/// <remarks>
/// Trades come from the <c>trades-all</c> and <c>trades</c> channels: <c>tradeId</c>, <c>ts</c> (ms), <c>px</c>, <c>sz</c> and
/// <c>side</c>, which is the taker's side. Spot <c>sz</c> is in the base currency and the quote quantity is <c>px·sz</c>. For a
/// contract (an instId with more than one <c>-</c>: <c>BTC-USDT-SWAP</c>, <c>BTC-USDT-250627</c>) <c>sz</c> counts contracts:
/// with the instrument's contract value (<c>ctVal</c>, base currency per contract, given to the constructor) the base quantity
/// is <c>sz·ctVal</c>; without it the trade keeps its contracts and its base and quote quantities are left at 0 rather than
/// guessed, and <c>onContractsWithoutValue</c> hears of the instrument once. Quotes come from <c>bbo-tbt</c> (first level of
/// <c>bids</c>/<c>asks</c>, the instrument from the frame's <c>arg</c>) and <c>tickers</c> (<c>bidPx</c>, <c>bidSz</c>,
/// <c>askPx</c>, <c>askSz</c>); sizes are as OKX gives them (contracts for contracts). <c>event</c> frames are acks
/// (<c>subscribe</c>) and errors (<c>error</c>, with <c>code</c> and <c>msg</c>); the text <c>pong</c> answers our <c>ping</c>.
/// A frame is all or nothing. Numbers are parsed from their text, never through <see cref="double"/>. Not thread-safe.
/// </remarks>
public sealed class OkxFrameParser : IRecordedLineParser
{
    private static readonly TradeFieldNames FieldNames = new("tradeId", "ts", "instId", "px", "sz", "buy"u8.ToArray(), "sell"u8.ToArray());

    private readonly InstrumentCache _instruments = new(Venues.Okx);
    private readonly IReadOnlyDictionary<string, decimal> _contractValues;
    private readonly Action<InstrumentId>? _onContractsWithoutValue;
    private readonly HashSet<InstrumentId> _reportedWithoutValue = [];
    private readonly FrameBodyParser _parseObject;

    private enum Channel : byte { None, Trades, BboTbt, Tickers, Other }

    /// <param name="contractValues">Base currency per contract of linear contracts, by instId as OKX spells it (upper case); read
    /// on every contract trade, so values added later (<see cref="OkxContractValues"/>) are used from then on.</param>
    /// <param name="onContractsWithoutValue">Told once per contract instrument whose trades keep their contracts because no
    /// contract value is known.</param>
    public OkxFrameParser(IReadOnlyDictionary<string, decimal>? contractValues = null, Action<InstrumentId>? onContractsWithoutValue = null)
    {
        _parseObject = ParseObject;
        _contractValues = contractValues ?? new Dictionary<string, decimal>();
        _onContractsWithoutValue = onContractsWithoutValue;
    }

    /// <summary>True for instIds of contracts (swaps, futures), whose sizes count contracts.</summary>
    public static bool IsContract(string instId) => instId.Count(c => c == '-') > 1;

    /// <summary>Parses one line of a recording: <c>&lt;receive time&gt;: &lt;frame&gt;</c>, or the frame alone.</summary>
    public LineParseResult ParseLine(ReadOnlySpan<byte> line, List<Trade> trades, List<Quote> quotes) =>
        RecordedLine.TryGetFrame(line, "pong"u8, out var frame, out var outcome) ? Parse(frame, trades, quotes).ToLineResult() : outcome;

    /// <summary>Parses one frame (a WebSocket text message) and appends its trades or quotes to the lists.</summary>
    public FeedFrame Parse(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        if (frame.SequenceEqual("pong"u8)) return new FeedFrame(FeedFrameKind.Pong);
        return WholeFrame.Parse(frame, trades, quotes, _parseObject);
    }

    private FeedFrame ParseObject(ReadOnlySpan<byte> frame, List<Trade> trades, List<Quote> quotes)
    {
        var reader = new Utf8JsonReader(frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return FeedFrame.Malformed("the frame is not a JSON object");

        var channel = Channel.None;
        ReadOnlySpan<byte> argInstId = default, channelName = default;
        string? eventName = null, code = null, message = null;
        var dataStart = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("arg"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject) return FeedFrame.Malformed("arg is not a JSON object");
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("channel"u8)) channelName = JsonValue.ReadScalar(ref reader);
                    else if (reader.ValueTextEquals("instId"u8)) argInstId = JsonValue.ReadScalar(ref reader);
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                channel = channelName.SequenceEqual("trades-all"u8) || channelName.SequenceEqual("trades"u8) ? Channel.Trades
                    : channelName.SequenceEqual("bbo-tbt"u8) ? Channel.BboTbt
                    : channelName.SequenceEqual("tickers"u8) ? Channel.Tickers
                    : Channel.Other;
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                dataStart = (int)reader.TokenStartIndex;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("event"u8)) eventName = JsonValue.ReadString(ref reader);
            else if (reader.ValueTextEquals("code"u8)) code = JsonValue.ReadString(ref reader);
            else if (reader.ValueTextEquals("msg"u8)) message = JsonValue.ReadString(ref reader);
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (eventName is not null)
        {
            if (eventName == "error") return new FeedFrame(FeedFrameKind.Error, $"{code}: {message}");
            if (eventName == "subscribe")
                return new FeedFrame(FeedFrameKind.Subscribed, $"{Encoding.UTF8.GetString(channelName)}:{Encoding.UTF8.GetString(argInstId)}");
            return new FeedFrame(FeedFrameKind.Ignored, eventName);
        }
        if (channel is Channel.None or Channel.Other) return new FeedFrame(FeedFrameKind.Ignored);
        if (dataStart < 0) return FeedFrame.Malformed($"the {Encoding.UTF8.GetString(channelName)} frame has no data");
        var data = new Utf8JsonReader(frame[dataStart..]);
        data.Read();
        if (data.TokenType != JsonTokenType.StartArray) return FeedFrame.Malformed("data is not an array");
        var problem = channel switch
        {
            Channel.Trades => ReadTrades(ref data, trades),
            Channel.BboTbt => ReadBbo(ref data, argInstId, quotes),
            _ => ReadTickers(ref data, quotes),
        };
        if (problem is not null) return FeedFrame.Malformed(problem);
        return new FeedFrame(channel == Channel.Trades ? FeedFrameKind.Trades : FeedFrameKind.Quotes);
    }

    private string? ReadTrades(ref Utf8JsonReader reader, List<Trade> trades)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            ReadOnlySpan<byte> id = default, time = default, instId = default, side = default, price = default, size = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("tradeId"u8)) id = JsonValue.ReadScalar(ref reader);
                else if (reader.ValueTextEquals("ts"u8)) time = JsonValue.ReadScalar(ref reader);
                else if (reader.ValueTextEquals("instId"u8)) instId = JsonValue.ReadScalar(ref reader);
                else if (reader.ValueTextEquals("side"u8)) side = JsonValue.ReadScalar(ref reader);
                else if (reader.ValueTextEquals("px"u8)) price = JsonValue.ReadScalar(ref reader);
                else if (reader.ValueTextEquals("sz"u8)) size = JsonValue.ReadScalar(ref reader);
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            var problem = AddTrade(index, id, time, instId, side, price, size, trades);
            if (problem is not null) return problem;
            index++;
        }
        return reader.TokenType == JsonTokenType.EndArray ? null : $"trade {index} is not a JSON object";
    }

    /// <summary>Adds one trade from its fields' text (shared with the REST history, whose trades carry the same fields);
    /// null when it was added, else why not.</summary>
    internal string? AddTrade(int index, ReadOnlySpan<byte> id, ReadOnlySpan<byte> time, ReadOnlySpan<byte> instId, ReadOnlySpan<byte> side,
        ReadOnlySpan<byte> price, ReadOnlySpan<byte> size, List<Trade> trades)
    {
        if (TradeFields.TryRead(FieldNames, _instruments, index, id, time, instId, side, price, size, out var trade) is { } problem) return problem;
        decimal baseQuantity, contracts = 0;
        if (!IsContract(trade.Instrument.Symbol)) baseQuantity = trade.Size;
        else if (_contractValues.TryGetValue(trade.Instrument.Symbol, out var contractValue))
        {
            contracts = trade.Size;
            if (!ExactDecimal.TryMultiply(trade.Size, contractValue, out baseQuantity))
                return $"{trade.Which}: sz·ctVal cannot be held exactly as a decimal; it is not rounded";
        }
        else
        {
            if (_reportedWithoutValue.Add(trade.Instrument)) _onContractsWithoutValue?.Invoke(trade.Instrument);
            trades.Add(new Trade(trade.Instrument, trade.Id, trade.Time, trade.Price, 0, 0, trade.Side, trade.Size));
            return null;
        }
        if (!ExactDecimal.TryMultiply(trade.Price, baseQuantity, out var quoteQuantity))
            return $"{trade.Which}: px times the base quantity cannot be held exactly as a decimal; it is not rounded";
        trades.Add(new Trade(trade.Instrument, trade.Id, trade.Time, trade.Price, baseQuantity, quoteQuantity, trade.Side, contracts));
        return null;
    }

    private string? ReadBbo(ref Utf8JsonReader reader, ReadOnlySpan<byte> instId, List<Quote> quotes)
    {
        if (!_instruments.TryGet(instId, out var instrument)) return Utf8Number.Problem("bbo-tbt", "arg.instId", instId);
        var index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            ReadOnlySpan<byte> time = default, bid = default, bidSize = default, ask = default, askSize = default;
            string? problem = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("ts"u8)) time = JsonValue.ReadScalar(ref reader);
                else if (reader.ValueTextEquals("bids"u8)) problem ??= JsonValue.ReadFirstLevel(ref reader, "bids", out bid, out bidSize);
                else if (reader.ValueTextEquals("asks"u8)) problem ??= JsonValue.ReadFirstLevel(ref reader, "asks", out ask, out askSize);
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (problem is not null) return $"bbo-tbt {index}: {problem}";
            problem = AddQuote($"bbo-tbt {index}", instrument, time, bid, bidSize, ask, askSize, "bids", "asks", quotes);
            if (problem is not null) return problem;
            index++;
        }
        return reader.TokenType == JsonTokenType.EndArray ? null : $"bbo-tbt {index} is not a JSON object";
    }

    private string? ReadTickers(ref Utf8JsonReader reader, List<Quote> quotes)
    {
        var index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            ReadOnlySpan<byte> time = default, instId = default, bid = default, bidSize = default, ask = default, askSize = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("ts"u8)) time = JsonValue.ReadScalar(ref reader);
                else if (reader.ValueTextEquals("instId"u8)) instId = JsonValue.ReadScalar(ref reader);
                else if (reader.ValueTextEquals("bidPx"u8)) bid = JsonValue.ReadScalar(ref reader);
                else if (reader.ValueTextEquals("bidSz"u8)) bidSize = JsonValue.ReadScalar(ref reader);
                else if (reader.ValueTextEquals("askPx"u8)) ask = JsonValue.ReadScalar(ref reader);
                else if (reader.ValueTextEquals("askSz"u8)) askSize = JsonValue.ReadScalar(ref reader);
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (!_instruments.TryGet(instId, out var instrument)) return Utf8Number.Problem($"ticker {index}", "instId", instId);
            var problem = AddQuote($"ticker {index}", instrument, time, bid, bidSize, ask, askSize, "bidPx", "askPx", quotes);
            if (problem is not null) return problem;
            index++;
        }
        return reader.TokenType == JsonTokenType.EndArray ? null : $"ticker {index} is not a JSON object";
    }

    // An empty side of the book (no level, or OKX's empty string) carries 0, as the BitMEX quotes do.
    private static string? AddQuote(string which, InstrumentId instrument, ReadOnlySpan<byte> time, ReadOnlySpan<byte> bid, ReadOnlySpan<byte> bidSize,
        ReadOnlySpan<byte> ask, ReadOnlySpan<byte> askSize, string bidField, string askField, List<Quote> quotes)
    {
        if (!Utf8Number.TryParseInt64(time, out var milliseconds) || !ExchangeTime.TryFromUnixMilliseconds(milliseconds, out var exchangeTime))
            return Utf8Number.Problem(which, "ts", time);
        if (!Utf8Number.TryParseOptional(bid, out var bidPrice)) return Utf8Number.Problem(which, bidField, bid);
        if (!Utf8Number.TryParseOptional(bidSize, out var bidQuantity)) return Utf8Number.Problem(which, bidField + " size", bidSize);
        if (!Utf8Number.TryParseOptional(ask, out var askPrice)) return Utf8Number.Problem(which, askField, ask);
        if (!Utf8Number.TryParseOptional(askSize, out var askQuantity)) return Utf8Number.Problem(which, askField + " size", askSize);
        quotes.Add(new Quote(instrument, exchangeTime, bidPrice, bidQuantity, askPrice, askQuantity));
        return null;
    }
}
