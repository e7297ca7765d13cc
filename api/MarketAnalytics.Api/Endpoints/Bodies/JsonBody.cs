using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace MarketAnalytics.Api.Endpoints.Bodies;

/// <summary>A JSON request body bound to the request record <typeparamref name="T"/>: read by <see cref="JsonBodyReader"/> under
/// its hostile-input rules, then field by field by <typeparamref name="T"/>; or the answer saying what is wrong with it.</summary>
/// <remarks>An endpoint taking one declares <see cref="Validation.RequestValidation.ValidateRequest"/>, which answers with
/// <see cref="Problem"/> before the handler runs (and adds the 400 answer to the API description, which shows
/// <typeparamref name="T"/> as the body and the 413 and 415 answers).</remarks>
internal sealed class JsonBody<T> : IBoundRequest, IEndpointParameterMetadataProvider where T : IJsonBody<T>
{
    private readonly T? _value;

    private JsonBody(T? value, IResult? problem)
    {
        _value = value;
        Problem = problem;
    }

    /// <summary>The bound record; only read by a handler, which runs only when binding succeeded.</summary>
    public T Value => Problem is null ? _value! : throw new InvalidOperationException($"the body was read although binding it failed: {Problem}");

    public IResult? Problem { get; }

    public static async ValueTask<JsonBody<T>> BindAsync(HttpContext context)
    {
        var (body, error) = await JsonBodyReader.ReadObjectAsync(context.Request, T.Example, context.RequestAborted);
        if (error is not null) return new JsonBody<T>(default, error);
        return T.TryRead(body, out var value, out var problem) ? new JsonBody<T>(value, null) : new JsonBody<T>(default, problem);
    }

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T)));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails), ["application/problem+json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails), ["application/problem+json"]));
    }
}
