using MarketAnalytics.Api.Auth;
using MarketAnalytics.Api.Endpoints.Bodies;
using MarketAnalytics.OrderBook.Service;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The internal exchange's HTTP API under <c>/api/v1</c>: markets, users, wallets, orders, books, trades and the event
/// stream, and the answers those endpoints share.</summary>
/// <remarks>User endpoints require the user's API key in <c>X-Api-Key</c> (401 without a valid one); admin endpoints the admin key
/// (<see cref="ApiKeyAuthentication"/>). Bodies are JSON objects bound to request records (<see cref="JsonBody{T}"/>). Enum values are
/// spelled in snake_case (<c>partially_filled</c>, <c>cancel_newest</c>); amounts are JSON numbers carrying the exact decimal.</remarks>
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
    public static ProblemHttpResult NotYours(string what) =>
        TypedResults.Problem($"this {what} belongs to another user", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
}
