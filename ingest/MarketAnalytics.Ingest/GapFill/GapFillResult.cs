using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.GapFill;

/// <summary>What one gap-fill did.</summary>
/// <param name="Instrument">The instrument.</param>
/// <param name="After">The last stored trade the fill started from; null when the log held none.</param>
/// <param name="Until">The first live trade after the gap, when known.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Pages">REST pages read.</param>
/// <param name="TradesRead">Trades after <paramref name="After"/> the pages carried.</param>
/// <param name="TradesRecorded">Of those, trades the log did not hold yet.</param>
/// <param name="Reason">Why the gap is not (completely) filled; null when it is.</param>
public sealed record GapFillResult(
    InstrumentId Instrument, TradeCursor? After, TradeCursor? Until, GapFillOutcome Outcome, int Pages, long TradesRead, long TradesRecorded, string? Reason)
{
    /// <summary>True when the gap is left (partly) unfilled and was reported.</summary>
    public bool IsUnfilled => Outcome is GapFillOutcome.TooOld or GapFillOutcome.Failed;
}
