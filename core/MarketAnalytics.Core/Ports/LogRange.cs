namespace MarketAnalytics.Core.Ports;

/// <summary>The offsets [<see cref="From"/>, <see cref="To"/>) of one log partition that a batch covers.</summary>
/// <remarks>Partition names are the log's own: the instrument id in the embedded log, <c>topic-N</c> in Kafka.</remarks>
public readonly record struct LogRange(string Partition, long From, long To);
