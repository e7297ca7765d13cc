using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog.Format;

/// <summary>How one kind of record (trade, quote) is laid out in a frame's payload.</summary>
/// <remarks>Static members so the generic read and write paths compile to direct calls, with no per-record dispatch.</remarks>
internal interface IRecordFormat<T>
{
    /// <summary>The directory of the stream under the log directory.</summary>
    static abstract string StreamName { get; }

    static abstract InstrumentId InstrumentOf(in T record);

    /// <summary>Throws <see cref="ArgumentException"/> when the record cannot be logged (checked before a batch writes anything).</summary>
    static abstract void Validate(in T record);

    /// <summary>True when the stream drops records whose <see cref="DeduplicationKey"/> its partition already holds.</summary>
    static abstract bool IsDeduplicated { get; }

    /// <summary>The key under which a record is logged at most once per partition (the trade id); null when records are not
    /// deduplicated.</summary>
    static abstract TradeId? DeduplicationKey(in T record);

    /// <summary>The deduplication key of the record in <paramref name="payload"/>, read on open to rebuild the key set.</summary>
    static abstract TradeId? DeduplicationKeyOf(ReadOnlySpan<byte> payload);

    /// <summary>An upper bound of the payload size of <paramref name="record"/>, scratch space included.</summary>
    static abstract int MaxPayloadSize(in T record);

    static abstract int Encode(in T record, Span<byte> destination);

    /// <summary>The exchange time (ticks) of the record in <paramref name="payload"/>.</summary>
    static abstract long TicksOf(ReadOnlySpan<byte> payload);

    static abstract T Decode(ReadOnlySpan<byte> payload, InstrumentId instrument);
}
