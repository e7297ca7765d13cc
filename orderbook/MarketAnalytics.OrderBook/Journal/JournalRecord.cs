namespace MarketAnalytics.OrderBook.Journal;

/// <summary>One journaled command: its global sequence number, its time (UTC ticks) and its encoded body.</summary>
public readonly record struct JournalRecord(long Sequence, long Time, ReadOnlyMemory<byte> Body);
