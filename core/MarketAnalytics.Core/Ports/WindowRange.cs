namespace MarketAnalytics.Core.Ports;

/// <summary>The stored windows a rerun replaces: those of <see cref="Intervals"/> (1m and/or 1h) with start in
/// [<see cref="From"/>, <see cref="To"/>), of <see cref="Instruments"/> or, when null, of every instrument.</summary>
public sealed record WindowRange(DateTime From, DateTime To, IReadOnlyCollection<InstrumentId>? Instruments, IReadOnlyCollection<CandleInterval> Intervals)
{
    public bool Contains(Candle candle) =>
        candle.OpenTime >= From && candle.OpenTime < To && Intervals.Contains(candle.Interval) &&
        (Instruments is null || Instruments.Contains(candle.Instrument));
}
