using System.Globalization;
using MarketAnalytics.Core;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The spellings of the query values the endpoints share: each <c>Try…</c> reads one, or gives the message saying what
/// is wrong with it; a blank value is absent (null). The request records validate with these and then read their typed values.</summary>
internal static class QueryParameters
{
    /// <summary>Reads an ISO-8601 UTC time (<c>2024-08-08T23:54:00Z</c>) or epoch milliseconds; a time without offset is taken
    /// as UTC. A time outside <see cref="ValidTimes.IsQueryTime"/>'s range is refused, so no window computed from it can leave
    /// <see cref="DateTime"/>'s range.</summary>
    public static bool TryTime(string? text, out DateTime? time, out string? error)
    {
        time = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!UtcTime.TryParse(text, out var parsed))
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > 253402300799999)
            {
                error = $"'{text}' is not an ISO-8601 UTC time (e.g. 2024-08-08T23:54:00Z) or epoch milliseconds";
                return false;
            }
            parsed = DateTime.UnixEpoch.AddMilliseconds(ms);
        }
        if (!ValidTimes.IsQueryTime(parsed))
        {
            error = $"'{text}' is outside the valid range {ValidTimes.DescribeQueryRange()}";
            return false;
        }
        time = parsed;
        return true;
    }

    /// <summary>Reads a whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static bool TryInt(string? text, int min, int max, out int? value, out string? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            value = parsed;
            return true;
        }
        error = $"'{text}' is not a whole number from {min} to {max}";
        return false;
    }

    /// <summary>Reads a candle interval name (<see cref="CandleInterval.All"/>); blank is one minute.</summary>
    public static bool TryInterval(string? text, out CandleInterval interval, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            interval = CandleInterval.OneMinute;
            return true;
        }
        if (CandleInterval.TryParse(text, out interval)) return true;
        error = $"'{text}' is not one of {string.Join(", ", CandleInterval.All.Select(i => i.Name))}";
        return false;
    }

    /// <summary>The time a validated record holds, or null when absent.</summary>
    public static DateTime? Time(string? text) => TryTime(text, out var time, out var error) ? time : throw NotValidated(error);

    /// <summary>The whole number a validated record holds, or null when absent.</summary>
    public static int? Int(string? text) => TryInt(text, int.MinValue, int.MaxValue, out var value, out var error) ? value : throw NotValidated(error);

    /// <summary>The candle interval a validated record holds.</summary>
    public static CandleInterval Interval(string? text) => TryInterval(text, out var interval, out var error) ? interval : throw NotValidated(error);

    // Reading a value its record's validation refused is a bug in the endpoint, not bad input.
    private static InvalidOperationException NotValidated(string? error) =>
        new($"a request value was read without validating its record first: {error}");
}
