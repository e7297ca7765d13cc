using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>A 200 answer whose JSON is serialized in full first and then handed to the server with its <c>Content-Length</c>.</summary>
/// <remarks>The same bytes as <c>TypedResults.Ok(value)</c> (the API's <see cref="JsonOptions"/>), sent differently: Kestrel
/// sends a JSON body that is flushed while the handler runs in chunks, and the terminating chunk in a second write when the
/// request completes, while a body of known length that is not flushed goes out with its headers in one write. On the order
/// path that is one socket write per answer instead of two.</remarks>
internal sealed class JsonAnswer<T>(T value) : IResult, IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
            JsonSerializer.Serialize(writer, value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        // Written, not flushed: the server flushes headers and body together when the request completes.
        response.BodyWriter.Write(buffer.WrittenSpan);
        return Task.CompletedTask;
    }
}
