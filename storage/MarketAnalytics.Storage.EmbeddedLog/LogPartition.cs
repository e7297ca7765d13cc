using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog;

/// <summary>One partition of a stream of the embedded log: the instrument it holds and its offsets [<see cref="StartOffset"/>,
/// <see cref="EndOffset"/>).</summary>
/// <remarks><see cref="Name"/> is the instrument id (<c>bitmex:XBTUSD</c>), as in <see cref="Core.Ports.LogRange.Partition"/>.
/// <see cref="StartOffset"/> is above 0 once retention deleted old segments; <see cref="EndOffset"/> is the offset the next record
/// will get, counting only durable records.</remarks>
public readonly record struct LogPartition(string Name, InstrumentId Instrument, long StartOffset, long EndOffset);
