using MarketAnalytics.Api.Auth;
using MarketAnalytics.Api.BinanceCompat;
using MarketAnalytics.OrderBook.Service;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Creating users of the internal exchange (admin key); the answer holds the user's API key and API secret, shown this once.</summary>
internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/users", Create).RequireAuthorization(ApiKeyAuthentication.AdminPolicy).WithTags("Exchange users")
            .WithSummary("Creates a user of the internal exchange: {user_id, api_key, api_secret}; the key and the secret (for Binance-style " +
                "signed requests under /venues/internal/api/v3) are shown only in this answer (admin key)");
        return api;
    }

    public sealed record UserResponse(long UserId, string ApiKey, string ApiSecret);

    private static async Task<Created<UserResponse>> Create(ExchangeService exchange, ApiSecrets secrets, CancellationToken ct)
    {
        var user = await exchange.CreateUserAsync(ct);
        return TypedResults.Created($"/api/v1/wallets/{user.UserId}", new UserResponse(user.UserId, user.ApiKey, secrets.SecretOf(user.ApiKey)));
    }
}
