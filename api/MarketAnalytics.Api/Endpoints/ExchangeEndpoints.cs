using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using MarketAnalytics.Api.Auth;
using MarketAnalytics.Core;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The internal exchange's HTTP API under <c>/api/v1</c>: markets, users, wallets, orders, books, trades and the event
/// stream, and what those endpoints share: the parsing of JSON bodies into 400 answers naming the field.</summary>
/// <remarks>User endpoints require the user's API key in <c>X-Api-Key</c> (401 without a valid one); admin endpoints the admin key
/// (<see cref="ApiKeyAuthentication"/>). Enum values are spelled in snake_case (<c>partially_filled</c>, <c>cancel_newest</c>); amounts are JSON
/// numbers carrying the exact decimal.</remarks>
internal static class ExchangeEndpoints
{
    public static IEndpointRouteBuilder MapExchangeEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        api.AddEndpointFilter(AnswerStoppedExchange);
        api.MapMarketEndpoints();
        api.MapUserEndpoints();
        api.MapWalletEndpoints();
        api.MapFeeEndpoints();
        api.MapOrderEndpoints();
        api.MapStreamEndpoints();
        return app;
    }

    /// <summary>Answers 503 problem+json, with the exchange's status, when the exchange has stopped; nothing was done then.</summary>
    private static async ValueTask<object?> AnswerStoppedExchange(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ExchangeStoppedException stopped)
        {
            return TypedResults.Problem(stopped.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Exchange stopped",
                extensions: new Dictionary<string, object?> { ["exchange"] = ExchangeStatusResponse.Of(stopped.Status) });
        }
    }

    /// <summary>The 403 answer for another user's order or wallet.</summary>
    public static IResult NotYours(string what) =>
        TypedResults.Problem($"this {what} belongs to another user", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");


    /// <summary>The largest request body the JSON endpoints read; a larger one is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Reads the request body as a JSON object, or the problem answer naming what is wrong with it.</summary>
    /// <remarks>The one place every JSON body passes, so every kind of malformed body is refused here the same way: a content type
    /// other than JSON (415, as the framework answers for endpoints that declare theirs), a body over <see cref="MaxBodyBytes"/>
    /// (413), and with a 400 naming it: text that is not one JSON object (empty, trailing data, <c>NaN</c>, nesting deeper than
    /// 64; <c>body</c>), and strings or property names that are not valid Unicode, such as a lone UTF-16 surrogate
    /// <c>"\ud800"</c> (the field holding it). After this, reading any string of the body cannot fail.</remarks>
    public static async Task<(JsonElement Body, IResult? Error)> ReadObjectAsync(HttpRequest request, string example, CancellationToken ct)
    {
        if (request.ContentType is { } contentType && !IsJson(contentType))
            return (default, TypedResults.Problem($"'{contentType}' is not JSON; send Content-Type: application/json",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type",
                extensions: new Dictionary<string, object?> { ["parameter"] = "Content-Type" }));
        if (request.ContentLength > MaxBodyBytes) return (default, TooLarge());
        // Read whole into a pooled buffer (one more byte than allowed tells a body that is too large), then parsed from memory.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, MaxBodyBytes) + 1);
        JsonElement root = default;
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (filled > MaxBodyBytes) return (default, TooLarge());
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(2 * buffer.Length, MaxBodyBytes + 1));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(filled), ct);
                if (read == 0) break;
                filled += read;
            }
            if (filled > MaxBodyBytes) return (default, TooLarge());
            using var document = JsonDocument.Parse(buffer.AsMemory(0, filled));
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Reported below, the same as JSON that is not an object.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (root.ValueKind != JsonValueKind.Object)
            return (default, QueryErrors.BadParameter("body", $"the body must be one JSON object, e.g. {example}"));
        return InvalidText(root, null) is { } field
            ? (default, QueryErrors.BadParameter(field, $"'{field}' holds text that is not valid Unicode (e.g. a lone UTF-16 surrogate)"))
            : (root, null);
    }

    private static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType.Value is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static IResult TooLarge() => TypedResults.Problem($"the body is larger than {MaxBodyBytes} bytes",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large",
        extensions: new Dictionary<string, object?> { ["parameter"] = "body" });

    // The name of the first top-level field (or "body") whose value or name holds text that cannot be decoded; null when all can.
    private static string? InvalidText(JsonElement element, string? field)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsDecodable(element) ? null : field ?? "body";
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (InvalidText(item, field) is { } bad) return bad;
                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return field ?? "body";
                    }
                    if (InvalidText(property.Value, field ?? name) is { } bad) return bad;
                }
                return null;
            default:
                return null;
        }
    }

    private static bool IsDecodable(JsonElement text)
    {
        try
        {
            text.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A string field; absent or null gives null, or the 400 answer when <paramref name="required"/>.</summary>
    public static bool TryString(JsonElement body, string field, bool required, out string? value, out IResult? error)
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
    public static bool TryAmount(JsonElement body, string field, bool required, out decimal? value, out IResult? error)
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
    public static bool TryBool(JsonElement body, string field, bool fallback, out bool value, out IResult? error)
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
    public static bool TryEnum<T>(JsonElement body, string field, T? fallback, out T value, out IResult? error) where T : struct, Enum
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
}
