using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.GapFill;

/// <summary>A gap the REST history did not fill, as health reports show it.</summary>
/// <param name="Instrument">The instrument.</param>
/// <param name="From">Exchange time of the last trade held before the gap.</param>
/// <param name="To">Exchange time of the first trade after the gap, null when unknown.</param>
/// <param name="Reason">Why it was not filled.</param>
public sealed record UnfilledGap(InstrumentId Instrument, DateTime From, DateTime? To, string Reason);
