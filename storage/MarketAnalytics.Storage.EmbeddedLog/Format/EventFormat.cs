using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.EmbeddedLog.Format;

/// <summary>The records of one event topic (see <see cref="EventPayload"/>); their idempotence is by sequence, not by key.</summary>
internal readonly struct EventFormat<TTopic> : IRecordFormat<LoggedEvent> where TTopic : IEventTopic
{
    public static string StreamName => TTopic.Topic.ToString().ToLowerInvariant();

    public static InstrumentId InstrumentOf(in LoggedEvent record) => record.Partition;

    public static void Validate(in LoggedEvent record) => EventPayload.Validate(record, TTopic.Topic);

    public static bool IsDeduplicated => false;

    public static TradeId? DeduplicationKey(in LoggedEvent record) => null;

    public static TradeId? DeduplicationKeyOf(ReadOnlySpan<byte> payload) => null;

    public static int MaxPayloadSize(in LoggedEvent record) => EventPayload.MaxPayloadSize(record);

    public static int Encode(in LoggedEvent record, Span<byte> destination) => EventPayload.Encode(record, destination);

    public static long TicksOf(ReadOnlySpan<byte> payload) => EventPayload.TicksOf(payload);

    public static LoggedEvent Decode(ReadOnlySpan<byte> payload, InstrumentId instrument) => EventPayload.Decode(payload, instrument, TTopic.Topic);
}
