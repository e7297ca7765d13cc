using System.Buffers.Binary;
using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Durability;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.EmbeddedLog.Format;

/// <summary>The payload of an event record, shared by the event topics' formats.</summary>
/// <remarks>Layout: time as UTC ticks (8 bytes), sequence (8 bytes), the type as a varint byte length and UTF-8, then the JSON as
/// UTF-8 up to the end of the payload. The partition key is the partition's, so it is not repeated per record.</remarks>
internal static class EventPayload
{
    private const int TypeAt = 16;

    public static void Validate(in LoggedEvent record, EventTopic topic)
    {
        record.Validate();
        if (record.Topic != topic)
            throw new ArgumentException($"Event {record.Sequence} belongs to topic {record.Topic}, not {topic}.", "events");
    }

    public static int MaxPayloadSize(in LoggedEvent record) =>
        TypeAt + FieldCodec.MaxVarint + Encoding.UTF8.GetMaxByteCount(record.Type.Length) + Encoding.UTF8.GetMaxByteCount(record.Json.Length);

    public static int Encode(in LoggedEvent record, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, record.Time.Ticks);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], record.Sequence);
        var at = TypeAt;
        at += FieldCodec.WriteVarint(destination[at..], (ulong)Encoding.UTF8.GetByteCount(record.Type));
        at += Encoding.UTF8.GetBytes(record.Type, destination[at..]);
        at += Encoding.UTF8.GetBytes(record.Json, destination[at..]);
        return at;
    }

    public static long TicksOf(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadInt64LittleEndian(payload);

    public static LoggedEvent Decode(ReadOnlySpan<byte> payload, InstrumentId partition, EventTopic topic)
    {
        var at = TypeAt;
        var typeLength = (int)FieldCodec.ReadVarint(payload, ref at);
        var type = Encoding.UTF8.GetString(payload.Slice(at, typeLength));
        var json = Encoding.UTF8.GetString(payload[(at + typeLength)..]);
        return new LoggedEvent(topic, partition, BinaryPrimitives.ReadInt64LittleEndian(payload[8..]),
            new DateTime(TicksOf(payload), DateTimeKind.Utc), type, json);
    }
}
