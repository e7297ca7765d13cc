using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints.Bodies;

/// <summary>A request record read from a JSON body by <see cref="JsonBody{T}"/>.</summary>
internal interface IJsonBody<TSelf> where TSelf : IJsonBody<TSelf>
{
    /// <summary>A valid body, quoted in the answer to one that is not a JSON object.</summary>
    static abstract string Example { get; }

    /// <summary>Reads the record from the body's object, or gives the 400 answer naming the field that is wrong.</summary>
    static abstract bool TryRead(JsonElement body, out TSelf value, out ValidationProblem? problem);
}
