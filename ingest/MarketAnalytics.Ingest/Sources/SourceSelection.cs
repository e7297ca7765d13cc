namespace MarketAnalytics.Ingest.Sources;

/// <summary>Which live sources run: the setting <c>Ingest:Sources</c> (<c>--source</c>), a comma-separated list of venue ids or
/// <c>all</c>.</summary>
public static class SourceSelection
{
    public const string All = "all";

    /// <summary>True when <paramref name="text"/> names live venues (<c>all</c>, or ids of <see cref="MarketVenues"/>), with the
    /// venues, each once, in the order given; false when it is something else (replay, none, a typo), with why.</summary>
    public static bool TryParse(string text, out IReadOnlyList<string> venues, out string? error)
    {
        venues = [];
        error = null;
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
        {
            error = "no venue is named";
            return false;
        }
        if (names is [All])
        {
            venues = [.. MarketVenues.Names];
            return true;
        }
        var unknown = names.Where(n => !MarketVenues.Registrations.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
        {
            error = $"{string.Join(", ", unknown.Select(n => $"'{n}'"))} {(unknown.Count == 1 ? "is not a venue" : "are not venues")}; venues: {string.Join(", ", MarketVenues.Names)} (or {All})";
            return false;
        }
        venues = [.. names.Distinct(StringComparer.Ordinal)];
        return true;
    }
}
