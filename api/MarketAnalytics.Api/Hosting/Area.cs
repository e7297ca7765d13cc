namespace MarketAnalytics.Api.Hosting;

/// <summary>A part of the application a process may run; a <see cref="Role"/> is a set of them.</summary>
public enum Area
{
    /// <summary>The ingest source (live readers or a replay) writing to the log, with the current prices.</summary>
    Ingest,

    /// <summary>The streaming aggregation job and the Hangfire server with the recurring jobs.</summary>
    Aggregation,

    /// <summary>The REST API, the internal exchange, the market push, the Binance-compatible API and the dashboards.</summary>
    Api,
}
