using System.Text.Json;
using MarketAnalytics.Core;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints.Bodies;

/// <summary>Reads the fields of a JSON body strictly: the right JSON type or the 400 answer naming the field; amounts exactly
/// from their JSON text, never through <see cref="double"/>; absent and null alike.</summary>
/// <remarks>System.Text.Json's binding would read an amount through its own decimal parsing, which rounds a 30-digit decimal
/// silently; these keep the rule that no number is changed on its way in.</remarks>
internal static class JsonFields
{
    /// <summary>A string field; absent or null gives null, or the 400 answer when <paramref name="required"/>.</summary>
    public static bool TryString(JsonElement body, string field, bool required, out string? value, out ValidationProblem? error)
    {
        value = null;
        error = null;
        if (!body.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required) error = QueryErrors.BadParameter(field, $"'{field}' is required");
            return !required;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            error = QueryErrors.BadParameter(field, $"'{field}' must be a string");
            return false;
        }
        value = element.GetString();
        return true;
    }

    /// <summary>An exact decimal field, a JSON number (or a string holding one); absent or null gives null, or the 400 answer
    /// when <paramref name="required"/>.</summary>
    public static bool TryAmount(JsonElement body, string field, bool required, out decimal? value, out ValidationProblem? error)
    {
        value = null;
        error = null;
        if (!body.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required) error = QueryErrors.BadParameter(field, $"'{field}' is required");
            return !required;
        }
        var text = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String => element.GetString()!,
            _ => null,
        };
        if (text is null || !IsPlainNumber(text, element.ValueKind))
        {
            error = QueryErrors.BadParameter(field, $"'{field}' must be a decimal number, e.g. 0.015");
            return false;
        }
        if (!ExactDecimal.TryParse(text, out var number))
        {
            error = QueryErrors.BadParameter(field,
                $"'{field}' {Excerpt(text)} cannot be held exactly: amounts have at most 28 decimals and 28 significant digits, up to 79228162514264337593543950335");
            return false;
        }
        value = number;
        return true;
    }

    // A JSON number may have an exponent; a string holding an amount is digits with an optional sign and at most one point.
    private static bool IsPlainNumber(string text, JsonValueKind kind)
    {
        if (kind == JsonValueKind.Number) return true;
        var digits = text.AsSpan(text.Length > 0 && text[0] is '-' or '+' ? 1 : 0);
        var point = digits.IndexOf('.');
        return digits.IndexOfAnyInRange('0', '9') >= 0 && digits.IndexOfAnyExcept("0123456789.") < 0
            && (point < 0 || digits[(point + 1)..].IndexOf('.') < 0);
    }

    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>A boolean field, <paramref name="fallback"/> when absent or null.</summary>
    public static bool TryBool(JsonElement body, string field, bool fallback, out bool value, out ValidationProblem? error)
    {
        value = fallback;
        error = null;
        if (!body.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null) return true;
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            value = element.GetBoolean();
            return true;
        }
        error = QueryErrors.BadParameter(field, $"'{field}' must be true or false");
        return false;
    }

    /// <summary>An enum field in its API spelling (case-insensitive), <paramref name="fallback"/> when absent or null, or the 400
    /// answer listing the allowed values.</summary>
    public static bool TryEnum<T>(JsonElement body, string field, T? fallback, out T value, out ValidationProblem? error) where T : struct, Enum
    {
        value = fallback ?? default;
        error = null;
        string? text = null;
        if (body.TryGetProperty(field, out var element) && element.ValueKind != JsonValueKind.Null)
        {
            if (element.ValueKind == JsonValueKind.String && SnakeCaseNames.TryParse(element.GetString()!, out value)) return true;
            text = element.ToString();
        }
        else if (fallback is not null) return true;
        error = QueryErrors.BadParameter(field, text is null
            ? $"'{field}' is required: one of {string.Join(", ", SnakeCaseNames.All<T>())}"
            : $"'{text}' is not one of {string.Join(", ", SnakeCaseNames.All<T>())}");
        return false;
    }

    /// <summary>A required ISO-8601 UTC time string within the valid query range.</summary>
    public static bool TryTime(JsonElement body, string field, out DateTime time, out ValidationProblem? error)
    {
        time = default;
        error = null;
        var given = body.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;
        var text = given ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;
        if (given && value.ValueKind == JsonValueKind.String && UtcTime.TryParse(text, out time))
        {
            if (ValidTimes.IsQueryTime(time)) return true;
            error = QueryErrors.BadParameter(field, $"'{text}' is outside the valid range {ValidTimes.DescribeQueryRange()}");
            return false;
        }
        error = QueryErrors.BadParameter(field, !given
            ? $"'{field}' is required: an ISO-8601 UTC time (e.g. 2024-08-08T10:00:00Z)"
            : $"'{text}' is not an ISO-8601 UTC time (e.g. 2024-08-08T10:00:00Z)");
        return false;
    }
}
