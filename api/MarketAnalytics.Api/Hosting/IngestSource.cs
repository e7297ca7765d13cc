using MarketAnalytics.Ingest.Import;
using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Where the ingest role reads from (setting <c>Ingest:Sources</c>, <c>--source</c>; <c>Ingest:Source</c> is the older
/// spelling): live venues (<c>bitmex,binanceusdm</c> or <c>all</c>, see <see cref="SourceSelection"/>), <c>replay:FILE</c> (a
/// recorded file, format <c>Ingest:ReplayFormat</c>, default <c>bitmex-ws</c>) or <c>none</c>. <c>Venues</c> lists the live venues
/// and is empty for the other kinds.</summary>
public sealed record IngestSource(string Kind, IReadOnlyList<string> Venues, string? File, RecordedFileFormat ReplayFormat, string? ReplayVenue)
{
    public const string Live = "live";
    public const string Replay = "replay";
    public const string None = "none";

    /// <summary>The sources when none is configured.</summary>
    public const string Default = "bitmex";

    /// <summary>The setting as given (or <see cref="Default"/>).</summary>
    public static string Text(IConfiguration configuration) => configuration["Ingest:Sources"] ?? configuration["Ingest:Source"] ?? Default;

    /// <summary>Reads the source from configuration; a wrong setting is reported by name.</summary>
    public static IngestSource From(IConfiguration configuration)
    {
        if (configuration["Ingest:Sources"] is { } sources && configuration["Ingest:Source"] is { } older && sources != older)
            throw new InvalidConfigurationException([$"Ingest:Sources ('{sources}') and its older spelling Ingest:Source ('{older}') disagree; set one"]);
        var source = Text(configuration);
        var formatName = configuration["Ingest:ReplayFormat"] ?? "bitmex-ws";
        if (!RecordedFileFormats.TryParse(formatName, out var format))
            throw new InvalidConfigurationException([$"Ingest:ReplayFormat must be one of {string.Join(", ", RecordedFileFormats.Names)}, not '{formatName}'"]);
        var venue = configuration["Ingest:ReplayVenue"];
        if (source == None) return new IngestSource(None, [], null, format, venue);
        if (source.StartsWith(Replay + ":", StringComparison.Ordinal))
        {
            var file = source[(Replay.Length + 1)..];
            if (!System.IO.File.Exists(file)) throw new InvalidConfigurationException([$"Ingest:Sources: the replay file '{file}' does not exist"]);
            return new IngestSource(Replay, [], file, format, venue);
        }
        if (SourceSelection.TryParse(source, out var venues, out var error)) return new IngestSource(Live, venues, null, format, venue);
        throw new InvalidConfigurationException([$"Ingest:Sources must be venues (comma-separated, or {SourceSelection.All}), replay:FILE or none, not '{source}': {error}"]);
    }
}
