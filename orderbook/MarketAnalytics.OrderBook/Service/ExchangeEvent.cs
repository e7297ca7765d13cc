namespace MarketAnalytics.OrderBook.Service;

/// <summary>Something that happened on the exchange, numbered by a global gap-free <see cref="Sequence"/> (from 1).</summary>
/// <remarks>Private events carry the <see cref="UserId"/> they belong to; public ones (trades, book changes) have none and carry the
/// market <see cref="Symbol"/>. Events are a deterministic function of the journal: replay regenerates the same events with the
/// same sequence numbers, so a consumer that remembers the last sequence it handled drops anything at or below it.</remarks>
public abstract record ExchangeEvent(long Sequence, DateTime Time, long? UserId, string? Symbol);
