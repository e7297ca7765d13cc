using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The internal exchange's HTTP API under <c>/api/v1</c>: markets, users, wallets, orders, books, trades and the event
/// stream, and what those endpoints share: the user-key check and the parsing of JSON bodies into 400 answers naming the field.</summary>
/// <remarks>User endpoints take the user's API key in <c>X-Api-Key</c> (401 without a valid one); admin endpoints the admin key
/// (<see cref="AdminKey"/>). Enum values are spelled in snake_case (<c>partially_filled</c>, <c>cancel_newest</c>); amounts are JSON
/// numbers carrying the exact decimal.</remarks>
internal static class ExchangeEndpoints
{
    private const string CallerItem = "exchange-user";

    public static IEndpointRouteBuilder MapExchangeEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapMarketEndpoints();
        api.MapUserEndpoints();
        api.MapWalletEndpoints();
        api.MapOrderEndpoints();
        api.MapStreamEndpoints();
        return app;
    }

    /// <summary>Lets requests through only with a user's API key in <c>X-Api-Key</c>; the endpoint reads the user with <see cref="Caller"/>.</summary>
    public static TBuilder RequireUserKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var keys = factory.ApplicationServices.GetRequiredService<UserKeys>();
            return context =>
            {
                var http = context.HttpContext;
                var sent = http.Request.Headers[AdminKey.Header].ToString();
                if (sent.Length == 0)
                    return ValueTask.FromResult<object?>(TypedResults.Problem($"this endpoint needs your API key in the {AdminKey.Header} header",
                        statusCode: StatusCodes.Status401Unauthorized, title: "API key required"));
                if (keys.Authenticate(sent) is not { } user)
                    return ValueTask.FromResult<object?>(TypedResults.Problem($"the {AdminKey.Header} header does not hold a user's API key",
                        statusCode: StatusCodes.Status401Unauthorized, title: "Unknown API key"));
                http.Items[CallerItem] = user;
                return next(context);
            };
        });

    /// <summary>The user whose key <see cref="RequireUserKey"/> accepted.</summary>
    public static long Caller(HttpContext http) => (long)http.Items[CallerItem]!;

    /// <summary>The 403 answer for another user's order or wallet.</summary>
    public static IResult NotYours(string what) =>
        TypedResults.Problem($"this {what} belongs to another user", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");


    /// <summary>Reads the request body as a JSON object, or the 400 answer naming <c>body</c>.</summary>
    public static async Task<(JsonElement Body, IResult? Error)> ReadObjectAsync(HttpRequest request, string example, CancellationToken ct)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            // Reported below, the same as JSON that is not an object.
        }
        return (default, QueryErrors.BadParameter("body", $"the body must be a JSON object, e.g. {example}"));
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
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var number)) value = number;
        else if (element.ValueKind == JsonValueKind.String && decimal.TryParse(element.GetString(),
                     NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed)) value = parsed;
        else
        {
            error = QueryErrors.BadParameter(field, $"'{field}' must be a decimal number, e.g. 0.015");
            return false;
        }
        return true;
    }

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
