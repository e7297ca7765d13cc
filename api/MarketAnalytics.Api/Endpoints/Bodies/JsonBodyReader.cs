using System.Buffers;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace MarketAnalytics.Api.Endpoints.Bodies;

/// <summary>Reads a request body as one JSON object under the hostile-input rules every JSON endpoint shares (see
/// <see cref="ReadObjectAsync"/>); <see cref="JsonBody{T}"/> binds what it reads to a request record.</summary>
internal static class JsonBodyReader
{
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
}
