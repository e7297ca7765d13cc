namespace MarketAnalytics.Ingest.GapFill;

/// <summary>A snapshot of one source's gap-fills since it started, for health checks.</summary>
/// <param name="Fills">Gap-fills finished (every outcome).</param>
/// <param name="Running">Gap-fills queued or in progress.</param>
/// <param name="TradesRecovered">Trades recorded from REST that the log did not hold.</param>
/// <param name="UnfilledCount">Gaps reported as not (completely) filled.</param>
/// <param name="LastUnfilled">The most recent of those, newest last (at most <see cref="GapFiller.KeptUnfilledGaps"/>).</param>
public sealed record GapFillReport(long Fills, int Running, long TradesRecovered, long UnfilledCount, IReadOnlyList<UnfilledGap> LastUnfilled)
{
    public static readonly GapFillReport None = new(0, 0, 0, 0, []);
}
