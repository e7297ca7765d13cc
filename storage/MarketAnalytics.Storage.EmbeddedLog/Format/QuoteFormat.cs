using System.Buffers.Binary;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Durability;

namespace MarketAnalytics.Storage.EmbeddedLog.Format;

/// <summary>The payload of a quote record: exchange time as UTC ticks (8 bytes), then bid price, bid size, ask price and ask size
/// as compact decimals.</summary>
internal readonly struct QuoteFormat : IRecordFormat<Quote>
{
    public static string StreamName => "quotes";

    public static InstrumentId InstrumentOf(in Quote record) => record.Instrument;

    public static void Validate(in Quote record)
    {
    }

    public static bool IsDeduplicated => false;

    public static TradeId? DeduplicationKey(in Quote record) => null;

    public static TradeId? DeduplicationKeyOf(ReadOnlySpan<byte> payload) => null;

    public static int MaxPayloadSize(in Quote record) => 8 + 3 * 16 + FieldCodec.DecimalScratch;

    public static int Encode(in Quote record, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, record.Time.Ticks);
        var at = 8;
        at += FieldCodec.WriteDecimal(destination[at..], record.BidPrice);
        at += FieldCodec.WriteDecimal(destination[at..], record.BidSize);
        at += FieldCodec.WriteDecimal(destination[at..], record.AskPrice);
        at += FieldCodec.WriteDecimal(destination[at..], record.AskSize);
        return at;
    }

    public static long TicksOf(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadInt64LittleEndian(payload);

    public static Quote Decode(ReadOnlySpan<byte> payload, InstrumentId instrument)
    {
        var at = 8;
        var bidPrice = FieldCodec.ReadDecimal(payload, ref at);
        var bidSize = FieldCodec.ReadDecimal(payload, ref at);
        var askPrice = FieldCodec.ReadDecimal(payload, ref at);
        var askSize = FieldCodec.ReadDecimal(payload, ref at);
        return new Quote(instrument, new DateTime(TicksOf(payload), DateTimeKind.Utc), bidPrice, bidSize, askPrice, askSize);
    }
}
