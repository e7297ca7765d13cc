using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate.Reruns;

/// <summary>A range of windows to recompute from the log; <see cref="Instruments"/> null means every instrument.</summary>
/// <remarks>The range is widened to whole windows of the longest interval recomputed (whole hours when hours are included).</remarks>
public sealed record RerunRequest(DateTime From, DateTime To, IReadOnlyCollection<InstrumentId>? Instruments, RerunIntervals Intervals, bool DryRun);
