using System.Diagnostics.Metrics;
using MarketAnalytics.Core.Telemetry;

namespace MarketAnalytics.Storage.Redis;

/// <summary>The Redis price cache's instruments (meter <see cref="MeterNames.Prices"/>).</summary>
public static class PriceCacheMetrics
{
    private static readonly Meter Meter = new(MeterNames.Prices);

    /// <summary>Redis operations that failed or did not answer in time, tagged <c>error</c> (the exception type).</summary>
    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "marketanalytics.prices.errors", "{error}", "Price-cache operations that failed or timed out");
}
