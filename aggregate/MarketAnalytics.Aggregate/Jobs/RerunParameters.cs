using System.Text.Json;
using System.Text.Json.Nodes;
using MarketAnalytics.Core;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>A rerun asked for through the API, as stored with its queued run: the range [<see cref="From"/>, <see cref="To"/>)
/// (UTC), the instruments (null: all), the intervals (<c>1m</c>, <c>1h</c> or <c>all</c>) and whether to write.</summary>
public sealed record RerunParameters(DateTime From, DateTime To, IReadOnlyList<InstrumentId>? Instruments, string Interval, bool DryRun)
{
    /// <summary>The interval names a rerun accepts.</summary>
    public static IReadOnlyList<string> Intervals { get; } = ["1m", "1h", "all"];

    /// <summary>The JSON kept in the run's parameters; the same snake_case fields as <c>POST /api/v1/reruns</c>.</summary>
    public string ToJson() => new JsonObject
    {
        ["from"] = UtcTime.Format(From),
        ["to"] = UtcTime.Format(To),
        ["symbols"] = Instruments is null ? null : new JsonArray(Instruments.Select(i => (JsonNode)i.ToString()).ToArray()),
        ["interval"] = Interval,
        ["dry_run"] = DryRun,
    }.ToJsonString();

    /// <summary>Reads the stored JSON back; a <see cref="FormatException"/> says which field is wrong.</summary>
    public static RerunParameters FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var from = Time(root, "from");
        var to = Time(root, "to");
        List<InstrumentId>? instruments = null;
        if (root.TryGetProperty("symbols", out var symbols) && symbols.ValueKind == JsonValueKind.Array)
            instruments = symbols.EnumerateArray().Select(s => InstrumentId.Parse(s.GetString() ?? "")).ToList();
        var interval = root.TryGetProperty("interval", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : "all";
        if (!Intervals.Contains(interval)) throw new FormatException($"interval '{interval}' is not one of {string.Join(", ", Intervals)}");
        var dryRun = root.TryGetProperty("dry_run", out var d) && d.ValueKind == JsonValueKind.True;
        return new RerunParameters(from, to, instruments, interval, dryRun);
    }

    private static DateTime Time(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && UtcTime.TryParse(value.GetString(), out var time)
            ? time
            : throw new FormatException($"'{name}' is missing or not an ISO 8601 time");
}
