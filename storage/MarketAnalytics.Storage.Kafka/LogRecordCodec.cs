using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Durability;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.Kafka;

/// <summary>The compact binary values of trade, quote and event records; the instrument (or event partition key) travels in the
/// record key.</summary>
/// <remarks>Layout, all little-endian: a version byte, then for a trade a flags byte (bit 0 taker sold, bit 1 not a market trade),
/// the exchange time in 100 ns ticks (8 bytes), the trade id (varint length + UTF-8) and price, base, quote quantity and contracts;
/// for a quote the time and bid price, bid size, ask price, ask size; for an event the time, the sequence (8 bytes), the type
/// (varint length + UTF-8) and the JSON (UTF-8, to the end). Decimals are <see cref="FieldCodec.WriteVarintDecimal"/>'s layout.</remarks>
// Encoding runs once per record on the produce path; the stack buffers are fully written before they are read, so zeroing
// them is wasted work.
[SkipLocalsInit]
internal static class LogRecordCodec
{
    private const byte Version = 1;
    private const int StackLimit = 512;

    public static byte[] EncodeTrade(in Trade trade)
    {
        var id = trade.TradeId.ToString();
        var max = 1 + 1 + 8 + 5 + Encoding.UTF8.GetMaxByteCount(id.Length) + 4 * FieldCodec.MaxVarintDecimal;
        Span<byte> buffer = max <= StackLimit ? stackalloc byte[StackLimit] : new byte[max];
        buffer[0] = Version;
        buffer[1] = (byte)((trade.Side == TakerSide.Sell ? 1 : 0) | (trade.IsMarket ? 0 : 2));
        BinaryPrimitives.WriteInt64LittleEndian(buffer[2..], trade.Time.Ticks);
        var at = 10;
        var idLength = Encoding.UTF8.GetBytes(id, buffer[(at + 5)..]);
        at += FieldCodec.WriteVarint(buffer[at..], (ulong)idLength);
        // The id was written after a 5-byte gap; close the gap when the varint took fewer bytes.
        if (at != 15) buffer.Slice(15, idLength).CopyTo(buffer[at..]);
        at += idLength;
        at += FieldCodec.WriteVarintDecimal(buffer[at..], trade.Price);
        at += FieldCodec.WriteVarintDecimal(buffer[at..], trade.BaseQuantity);
        at += FieldCodec.WriteVarintDecimal(buffer[at..], trade.QuoteQuantity);
        at += FieldCodec.WriteVarintDecimal(buffer[at..], trade.Contracts);
        return buffer[..at].ToArray();
    }

    public static Trade DecodeTrade(InstrumentId instrument, ReadOnlySpan<byte> value)
    {
        CheckVersion(value);
        var flags = value[1];
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(value[2..]);
        var at = 10;
        var tradeId = ReadTradeId(value, ref at);
        var price = FieldCodec.ReadVarintDecimal(value, ref at);
        var baseQuantity = FieldCodec.ReadVarintDecimal(value, ref at);
        var quoteQuantity = FieldCodec.ReadVarintDecimal(value, ref at);
        var contracts = FieldCodec.ReadVarintDecimal(value, ref at);
        return new Trade(instrument, tradeId, new DateTime(ticks, DateTimeKind.Utc), price, baseQuantity, quoteQuantity,
            (flags & 1) != 0 ? TakerSide.Sell : TakerSide.Buy, contracts, IsMarket: (flags & 2) == 0);
    }

    /// <summary>Only the trade id and exchange time of an encoded trade, for rebuilding the dedupe sets and the newest trade
    /// without decoding whole trades.</summary>
    public static TradeCursor DecodeTradeCursor(ReadOnlySpan<byte> value)
    {
        CheckVersion(value);
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(value[2..]);
        var at = 10;
        return new TradeCursor(ReadTradeId(value, ref at), new DateTime(ticks, DateTimeKind.Utc));
    }

    public static byte[] EncodeQuote(in Quote quote)
    {
        Span<byte> buffer = stackalloc byte[1 + 8 + 4 * FieldCodec.MaxVarintDecimal];
        buffer[0] = Version;
        BinaryPrimitives.WriteInt64LittleEndian(buffer[1..], quote.Time.Ticks);
        var at = 9;
        at += FieldCodec.WriteVarintDecimal(buffer[at..], quote.BidPrice);
        at += FieldCodec.WriteVarintDecimal(buffer[at..], quote.BidSize);
        at += FieldCodec.WriteVarintDecimal(buffer[at..], quote.AskPrice);
        at += FieldCodec.WriteVarintDecimal(buffer[at..], quote.AskSize);
        return buffer[..at].ToArray();
    }

    public static Quote DecodeQuote(InstrumentId instrument, ReadOnlySpan<byte> value)
    {
        CheckVersion(value);
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(value[1..]);
        var at = 9;
        var bidPrice = FieldCodec.ReadVarintDecimal(value, ref at);
        var bidSize = FieldCodec.ReadVarintDecimal(value, ref at);
        var askPrice = FieldCodec.ReadVarintDecimal(value, ref at);
        var askSize = FieldCodec.ReadVarintDecimal(value, ref at);
        return new Quote(instrument, new DateTime(ticks, DateTimeKind.Utc), bidPrice, bidSize, askPrice, askSize);
    }

    public static byte[] EncodeEvent(in LoggedEvent e)
    {
        var typeLength = Encoding.UTF8.GetByteCount(e.Type);
        var buffer = new byte[1 + 8 + 8 + 5 + typeLength + Encoding.UTF8.GetByteCount(e.Json)];
        buffer[0] = Version;
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(1), e.Time.Ticks);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(9), e.Sequence);
        var at = 17 + FieldCodec.WriteVarint(buffer.AsSpan(17), (ulong)typeLength);
        at += Encoding.UTF8.GetBytes(e.Type, buffer.AsSpan(at));
        at += Encoding.UTF8.GetBytes(e.Json, buffer.AsSpan(at));
        return buffer[..at];
    }

    public static LoggedEvent DecodeEvent(EventTopic topic, InstrumentId partition, ReadOnlySpan<byte> value)
    {
        var sequence = DecodeEventSequence(value);
        var at = 17;
        var typeLength = (int)FieldCodec.ReadVarint(value, ref at);
        return new LoggedEvent(topic, partition, sequence, new DateTime(BinaryPrimitives.ReadInt64LittleEndian(value[1..]), DateTimeKind.Utc),
            Encoding.UTF8.GetString(value.Slice(at, typeLength)), Encoding.UTF8.GetString(value[(at + typeLength)..]));
    }

    /// <summary>Only the sequence of an encoded event, for rebuilding the per-partition last sequences.</summary>
    public static long DecodeEventSequence(ReadOnlySpan<byte> value)
    {
        CheckVersion(value);
        return BinaryPrimitives.ReadInt64LittleEndian(value[9..]);
    }

    private static void CheckVersion(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value[0] != Version)
            throw new InvalidDataException($"Log record version {(value.IsEmpty ? "(empty)" : value[0])} is not {Version}.");
    }

    private static TradeId ReadTradeId(ReadOnlySpan<byte> value, ref int at)
    {
        var length = (int)FieldCodec.ReadVarint(value, ref at);
        var id = TradeId.Of(value.Slice(at, length));
        at += length;
        return id;
    }
}
