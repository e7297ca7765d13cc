using MarketAnalytics.Ingest.Import;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Where the ingest role reads from (setting <c>Ingest:Source</c>, <c>--source</c>): <c>bitmex</c> (live),
/// <c>replay:FILE</c> (a recorded file, format <c>Ingest:ReplayFormat</c>, default <c>bitmex-ws</c>) or <c>none</c>.</summary>
public sealed record IngestSource(string Kind, string? File, RecordedFileFormat ReplayFormat, string? ReplayVenue)
{
    public const string Bitmex = "bitmex";
    public const string Replay = "replay";
    public const string None = "none";

    /// <summary>Reads the source from configuration; a wrong setting is reported by name.</summary>
    public static IngestSource From(IConfiguration configuration)
    {
        var source = configuration["Ingest:Source"] ?? Bitmex;
        var formatName = configuration["Ingest:ReplayFormat"] ?? "bitmex-ws";
        if (!RecordedFileFormats.TryParse(formatName, out var format))
            throw new InvalidConfigurationException([$"Ingest:ReplayFormat must be one of {string.Join(", ", RecordedFileFormats.Names)}, not '{formatName}'"]);
        var venue = configuration["Ingest:ReplayVenue"];
        if (source is Bitmex or None) return new IngestSource(source, null, format, venue);
        if (source.StartsWith(Replay + ":", StringComparison.Ordinal))
        {
            var file = source[(Replay.Length + 1)..];
            if (!System.IO.File.Exists(file)) throw new InvalidConfigurationException([$"Ingest:Source: the replay file '{file}' does not exist"]);
            return new IngestSource(Replay, file, format, venue);
        }
        throw new InvalidConfigurationException([$"Ingest:Source must be bitmex, replay:FILE or none, not '{source}'"]);
    }
}
