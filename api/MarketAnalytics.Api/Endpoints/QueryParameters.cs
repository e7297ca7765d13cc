using System.Globalization;
using MarketAnalytics.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Parsing of the query parameters the endpoints share; each failure is the 400 answer naming the parameter.</summary>
internal static class QueryParameters
{
    /// <summary>Parses an ISO-8601 UTC time (<c>2024-08-08T23:54:00Z</c>) or epoch milliseconds; a time without offset is taken
    /// as UTC. A time outside <see cref="ValidTimes.IsQueryTime"/>'s range is the 400 answer naming the parameter, so no window
    /// computed from it can leave <see cref="DateTime"/>'s range.</summary>
    public static bool TryTime(string parameter, string? text, DateTime fallback, out DateTime time, out ValidationProblem? error)
    {
        error = null;
        time = fallback;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!UtcTime.TryParse(text, out time))
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > 253402300799999)
            {
                error = QueryErrors.BadParameter(parameter, $"'{text}' is not an ISO-8601 UTC time (e.g. 2024-08-08T23:54:00Z) or epoch milliseconds");
                return false;
            }
            time = DateTime.UnixEpoch.AddMilliseconds(ms);
        }
        if (ValidTimes.IsQueryTime(time)) return true;
        error = QueryErrors.BadParameter(parameter, $"'{text}' is outside the valid range {ValidTimes.DescribeQueryRange()}");
        return false;
    }

    public static bool TryInt(string parameter, string? text, int fallback, int min, int max, out int value, out ValidationProblem? error)
    {
        error = null;
        value = fallback;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
            return true;
        error = QueryErrors.BadParameter(parameter, $"'{text}' is not a whole number from {min} to {max}");
        return false;
    }

    public static bool TryInterval(string? text, out CandleInterval interval, out ValidationProblem? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            interval = CandleInterval.OneMinute;
            return true;
        }
        if (CandleInterval.TryParse(text, out interval)) return true;
        error = QueryErrors.BadParameter("interval", $"'{text}' is not one of {string.Join(", ", CandleInterval.All.Select(i => i.Name))}");
        return false;
    }
}
