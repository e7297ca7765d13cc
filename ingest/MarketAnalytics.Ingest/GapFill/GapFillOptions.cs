using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Ingest.GapFill;

/// <summary>Settings of the REST gap-fill, bound from configuration section <c>Ingest:GapFill</c>.</summary>
public sealed class GapFillOptions
{
    public const string Section = "Ingest:GapFill";

    /// <summary>The longest gap filled from REST, in exchange time between the last stored trade and the first trade after the
    /// gap (never the local clock, so a replayed recording behaves as live). A longer gap is reported as unfilled and left to
    /// <c>import</c> from the venue's archives.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Attempts per gap when a page fails with a transient error (rate limits are waited out by the HTTP handler and do
    /// not count); after the last the gap is reported as unfilled.</summary>
    [Range(1, 100)]
    public int Attempts { get; set; } = 5;

    /// <summary>The wait before the second attempt; it doubles with each further one, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Pages read per gap at most, a guard against a venue whose cursor does not move.</summary>
    [Range(1, 10_000_000)]
    public int MaxPages { get; set; } = 100_000;
}
