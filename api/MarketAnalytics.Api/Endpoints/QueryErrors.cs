using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The 400 and 404 answers for bad query input: problem+json naming the parameter.</summary>
internal static class QueryErrors
{
    public static ValidationProblem BadParameter(string parameter, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [parameter] = [message] },
            title: $"Invalid query parameter '{parameter}'");

    public static ProblemHttpResult NotFound(string parameter, string message) =>
        TypedResults.Problem(message, statusCode: StatusCodes.Status404NotFound, title: $"Unknown {parameter}",
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });
}
