namespace MarketAnalytics.Core.Ports;

/// <summary>One event of the internal exchange as the log carries it.</summary>
/// <param name="Topic">The topic it belongs to.</param>
/// <param name="Partition">The partition key: the market for order events (<c>internal:BTC-USDT</c>), the asset for wallet
/// events (<c>internal:USDT</c>), so one order's or one balance's events stay in order.</param>
/// <param name="Sequence">The exchange's global event sequence; it increases within every partition.</param>
/// <param name="Time">When the command that caused it was sequenced (UTC).</param>
/// <param name="Type">The event type: <c>order</c>, <c>fill</c> or <c>wallet</c>.</param>
/// <param name="Json">The event as a JSON object (snake_case fields).</param>
public readonly record struct LoggedEvent(EventTopic Topic, InstrumentId Partition, long Sequence, DateTime Time, string Type, string Json)
{
    /// <summary>Throws <see cref="ArgumentException"/> when the event cannot be logged: unknown topic, sequence below 1, no type or
    /// no JSON.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Topic)) throw new ArgumentException($"Event {Sequence} has no known topic ({Topic}).", "events");
        if (Sequence <= 0) throw new ArgumentException($"Event sequence {Sequence} must be positive.", "events");
        if (string.IsNullOrEmpty(Type) || string.IsNullOrEmpty(Json))
            throw new ArgumentException($"Event {Sequence} needs a type and a JSON body.", "events");
    }
}
