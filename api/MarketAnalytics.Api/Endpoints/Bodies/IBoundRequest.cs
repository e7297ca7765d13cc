namespace MarketAnalytics.Api.Endpoints.Bodies;

/// <summary>A request value whose binding can fail with an answer of its own (413, 415, 400 naming the field), which
/// <see cref="Validation.RequestValidation"/> sends instead of calling the endpoint.</summary>
internal interface IBoundRequest
{
    /// <summary>The answer to send instead of calling the endpoint, or null when the value was bound.</summary>
    IResult? Problem { get; }
}
