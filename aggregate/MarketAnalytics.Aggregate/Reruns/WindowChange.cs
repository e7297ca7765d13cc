using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate.Reruns;

/// <summary>A window a rerun found different from what was stored: its trade count and volume before and after
/// (0 where the window did not exist).</summary>
public sealed record WindowChange(
    InstrumentId Instrument, CandleInterval Interval, DateTime OpenTime, long CountBefore, long CountAfter, decimal VolumeBefore, decimal VolumeAfter);
