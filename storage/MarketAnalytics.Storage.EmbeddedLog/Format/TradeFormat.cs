using System.Buffers.Binary;
using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Durability;

namespace MarketAnalytics.Storage.EmbeddedLog.Format;

/// <summary>The payload of a trade record.</summary>
/// <remarks>Layout: side (1 byte), flags (1 byte: bit 0 is-market, bits 1–2 id kind), exchange time as UTC ticks (8 bytes), price, base
/// quantity, quote quantity and contracts as compact decimals, then the trade id: a varint for canonical numbers (Binance), 16 bytes for
/// lower-case UUIDs (BitMEX), else a varint byte length and UTF-8. Each kind decodes back to exactly the string that was written.
/// The instrument is the partition's, so it is not repeated per record.</remarks>
internal readonly struct TradeFormat : IRecordFormat<Trade>
{
    /// <summary>The longest trade id the log accepts, in characters.</summary>
    public const int MaxTradeIdLength = 256;

    private const int IdText = 0;
    private const int IdNumber = 1;
    private const int IdUuid = 2;
    private const int TimeAt = 2;
    private const int DecimalsAt = 10;

    public static string StreamName => "trades";

    public static InstrumentId InstrumentOf(in Trade record) => record.Instrument;

    public static void Validate(in Trade record)
    {
        var id = record.TradeId;
        if (id.IsEmpty || (!id.TryGetNumber(out _) && id.ToString().Length > MaxTradeIdLength))
            throw new ArgumentException(
                $"Trade id '{record.TradeId}' of {record.Instrument} must have 1 to {MaxTradeIdLength} characters.", "trades");
    }

    public static bool IsDeduplicated => true;

    public static TradeId? DeduplicationKey(in Trade record) => record.TradeId;

    public static int MaxPayloadSize(in Trade record) =>
        DecimalsAt + 3 * 16 + FieldCodec.DecimalScratch + FieldCodec.MaxVarint +
        (record.TradeId.TryGetNumber(out _) ? 0 : Encoding.UTF8.GetMaxByteCount(record.TradeId.ToString().Length));

    public static int Encode(in Trade record, Span<byte> destination)
    {
        var uuid = Guid.Empty;
        var id = record.TradeId.TryGetNumber(out var number) ? null : record.TradeId.ToString();
        var kind = id is null ? IdNumber : TradeIdSet.TryParseGuid(id, out uuid) ? IdUuid : IdText;
        destination[0] = (byte)record.Side;
        destination[1] = (byte)((record.IsMarket ? 1 : 0) | (kind << 1));
        BinaryPrimitives.WriteInt64LittleEndian(destination[TimeAt..], record.Time.Ticks);
        var at = DecimalsAt;
        at += FieldCodec.WriteDecimal(destination[at..], record.Price);
        at += FieldCodec.WriteDecimal(destination[at..], record.BaseQuantity);
        at += FieldCodec.WriteDecimal(destination[at..], record.QuoteQuantity);
        at += FieldCodec.WriteDecimal(destination[at..], record.Contracts);
        switch (kind)
        {
            case IdNumber:
                at += FieldCodec.WriteVarint(destination[at..], (ulong)number);
                break;
            case IdUuid:
                uuid.TryWriteBytes(destination[at..]);
                at += 16;
                break;
            default:
                at += FieldCodec.WriteVarint(destination[at..], (ulong)Encoding.UTF8.GetByteCount(id!));
                at += Encoding.UTF8.GetBytes(id, destination[at..]);
                break;
        }
        return at;
    }

    public static long TicksOf(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadInt64LittleEndian(payload[TimeAt..]);

    public static Trade Decode(ReadOnlySpan<byte> payload, InstrumentId instrument)
    {
        var at = DecimalsAt;
        var price = FieldCodec.ReadDecimal(payload, ref at);
        var baseQuantity = FieldCodec.ReadDecimal(payload, ref at);
        var quoteQuantity = FieldCodec.ReadDecimal(payload, ref at);
        var contracts = FieldCodec.ReadDecimal(payload, ref at);
        return new Trade(
            instrument, ReadId(payload, at), new DateTime(TicksOf(payload), DateTimeKind.Utc),
            price, baseQuantity, quoteQuantity, (TakerSide)payload[0], contracts, (payload[1] & 1) != 0);
    }

    /// <summary>The trade id alone, for rebuilding the id set on open without decoding the rest.</summary>
    public static TradeId? DeduplicationKeyOf(ReadOnlySpan<byte> payload)
    {
        var at = DecimalsAt;
        for (var i = 0; i < 4; i++) FieldCodec.SkipDecimal(payload, ref at);
        return ReadId(payload, at);
    }

    private static TradeId ReadId(ReadOnlySpan<byte> payload, int at)
    {
        switch ((payload[1] >> 1) & 3)
        {
            case IdNumber:
                return TradeId.Of((long)FieldCodec.ReadVarint(payload, ref at));
            case IdUuid:
                return new Guid(payload.Slice(at, 16)).ToString("D");
            default:
                var length = (int)FieldCodec.ReadVarint(payload, ref at);
                return TradeId.Of(Encoding.UTF8.GetString(payload.Slice(at, length)));
        }
    }
}
