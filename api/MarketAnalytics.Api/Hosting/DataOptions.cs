namespace MarketAnalytics.Api.Hosting;

/// <summary>Where the embedded backends keep their files (setting <c>DataDirectory</c>, <c>--data-dir</c>; default <c>./data</c>).</summary>
/// <remarks>The embedded log lives in <c>DIR/log</c>, the SQLite store in <c>DIR/aggregates.db</c>, Hangfire's jobs (with the
/// embedded store) in <c>DIR/jobs.db</c>.</remarks>
public sealed class DataOptions
{
    public string DataDirectory { get; set; } = "data";

    public string LogDirectory => Path.Combine(DataDirectory, "log");

    public string SqlitePath => Path.Combine(DataDirectory, "aggregates.db");

    public string JobsPath => Path.Combine(DataDirectory, "jobs.db");
}
