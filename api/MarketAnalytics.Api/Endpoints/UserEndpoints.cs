using MarketAnalytics.OrderBook.Service;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Creating users of the internal exchange (admin key); the answer holds the user's API key, shown this once.</summary>
internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/users", Create).RequireAdminKey().WithTags("Exchange users")
            .WithSummary("Creates a user of the internal exchange: {user_id, api_key}; the key is shown only in this answer (admin key)");
        return api;
    }

    public sealed record UserResponse(long UserId, string ApiKey);

    private static async Task<Created<UserResponse>> Create(ExchangeService exchange, CancellationToken ct)
    {
        var user = await exchange.CreateUserAsync(ct);
        return TypedResults.Created($"/api/v1/wallets/{user.UserId}", new UserResponse(user.UserId, user.ApiKey));
    }
}
