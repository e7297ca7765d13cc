namespace MarketAnalytics.Core.Ports;

/// <summary>One event of the internal exchange as the log carries it.</summary>
/// <param name="Topic">The topic it belongs to.</param>
/// <param name="Partition">The partition key: the market for order events (<c>internal:BTC-USDT</c>), the asset for wallet
/// events (<c>internal:USDT</c>), so one order's or one balance's events stay in order.</param>
/// <param name="Sequence">The exchange's global event sequence; it increases within every partition.</param>
/// <param name="Time">When the command that caused it was sequenced (UTC).</param>
/// <param name="Type">The event type: <c>order</c>, <c>fill</c> or <c>wallet</c>.</param>
/// <param name="Json">The event as a JSON object (snake_case fields).</param>
public readonly record struct LoggedEvent(EventTopic Topic, InstrumentId Partition, long Sequence, DateTime Time, string Type, string Json);
