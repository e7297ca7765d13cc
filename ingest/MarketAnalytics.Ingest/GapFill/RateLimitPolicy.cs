namespace MarketAnalytics.Ingest.GapFill;

/// <summary>How a venue's REST API states its rate limits, for the <see cref="RateLimitHandler"/>.</summary>
/// <param name="WeightHeader">The response header carrying the request weight used in the current minute (Binance spot
/// <c>X-MBX-USED-WEIGHT-1M</c>, USD-M <c>X-MBX-USED-WEIGHT-1m</c>; header names are case-insensitive), null when the venue
/// sends none.</param>
/// <param name="WeightPerMinute">The venue's weight limit per minute (Binance spot 6000, USD-M 2400); requests pause until the
/// next minute once <see cref="PauseAtFraction"/> of it is used.</param>
/// <param name="MaxWait">The longest <c>Retry-After</c> or weight pause waited out; a longer one hands the 429/418 to the
/// caller, whose gap-fill then fails and is reported.</param>
/// <param name="MaxRetries">Rate-limited answers retried per request before the last one is handed to the caller.</param>
public sealed record RateLimitPolicy(string? WeightHeader, int WeightPerMinute, TimeSpan MaxWait, int MaxRetries = 5)
{
    /// <summary>The share of <see cref="WeightPerMinute"/> after which requests wait for the next minute.</summary>
    public const double PauseAtFraction = 0.9;

    /// <summary>A venue that states no weights: only 429/418 and <c>Retry-After</c> are honoured.</summary>
    public static RateLimitPolicy RetryAfterOnly(TimeSpan maxWait) => new(null, 0, maxWait);
}
