using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Ingest.Polling;

/// <summary>One venue's scheduled REST polling, bound from <c>Ingest:Polling:{venue}</c>.</summary>
public sealed class RestPollingVenueOptions
{
    /// <summary>Symbols as the venue spells them (<c>BTC-USDT</c>, <c>BTCUSDT</c>); one recurring job each.</summary>
    [Required, MinLength(1)]
    public string[] Symbols { get; set; } = [];

    /// <summary>Cron schedule (UTC) of the jobs; every minute by default.</summary>
    [Required]
    public string Schedule { get; set; } = "* * * * *";

    /// <summary>How far back (exchange time) the first poll of an instrument the log holds no trade of reaches.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromMinutes(5);
}
