using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The 400 and 404 answers for bad input: problem+json naming the parameter or field.</summary>
internal static class QueryErrors
{
    public static ValidationProblem BadParameter(string parameter, string message) =>
        BadParameters(new Dictionary<string, string[]> { [parameter] = [message] });

    /// <summary>The 400 answer naming every parameter in <paramref name="errors"/>; its title names the first.</summary>
    public static ValidationProblem BadParameters(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: $"Invalid query parameter '{errors.Keys.First()}'");

    /// <summary>The same 400 answer as <see cref="BadParameter"/>, as the problem result type of a lookup that answers 400 or 404.</summary>
    public static ProblemHttpResult BadParameterProblem(string parameter, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [parameter] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = $"Invalid query parameter '{parameter}'",
        });

    public static ProblemHttpResult NotFound(string parameter, string message) =>
        TypedResults.Problem(message, statusCode: StatusCodes.Status404NotFound, title: $"Unknown {parameter}",
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });
}
