using System.Globalization;

namespace MarketAnalytics.Core;

/// <summary>Reading and writing the ISO-8601 UTC times users type and read (<c>2024-08-08T23:54:00Z</c>).</summary>
public static class UtcTime
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd",
    ];

    /// <summary>Parses a date, or a date and time with an optional offset; a time without offset is UTC.</summary>
    public static bool TryParse(string? text, out DateTime time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (!DateTimeOffset.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)) return false;
        time = parsed.UtcDateTime;
        return true;
    }

    /// <summary>Writes <c>yyyy-MM-ddTHH:mm:ssZ</c>, with a fraction only when the time has one.</summary>
    public static string Format(DateTime time) =>
        time.ToString(time.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
