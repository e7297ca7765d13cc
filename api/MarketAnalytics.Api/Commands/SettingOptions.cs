using System.CommandLine;

namespace MarketAnalytics.Api.Commands;

/// <summary>The options that are settings of the whole system, handed to configuration under their setting's key (so
/// <c>--data-dir DIR</c> is <c>DataDirectory</c>, as the environment variable <c>DataDirectory</c> or appsettings.json would be).</summary>
internal static class SettingOptions
{
    public static Option<string> DataDirectory { get; } = new("--data-dir")
    {
        Description = "the data directory (setting DataDirectory, default ./data): the log in DIR/log, the SQLite store in DIR/aggregates.db, the exchange journal in DIR/exchange",
        HelpName = "DIR",
    };

    public static Option<string> Source { get; } = new("--source")
    {
        Description = "what to ingest (setting Ingest:Sources, default bitmex): venues (bitmex,binance,…), all, replay:FILE or none",
        HelpName = "SOURCE",
    };

    public static Option<string> Urls { get; } = new("--urls")
    {
        Description = "where to listen (setting Urls, default http://localhost:5000)",
        HelpName = "URL",
    };

    private static readonly (Option<string> Option, string Key)[] Keys =
        [(DataDirectory, "DataDirectory"), (Source, "Ingest:Sources"), (Urls, "Urls")];

    /// <summary>The setting options given on the command line as configuration arguments (<c>--DataDirectory=DIR</c>).</summary>
    public static string[] Arguments(ParseResult result) =>
        Keys.Where(k => result.GetResult(k.Option) is not null).Select(k => $"--{k.Key}={result.GetValue(k.Option)}").ToArray();
}
