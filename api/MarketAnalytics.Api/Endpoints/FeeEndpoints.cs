using MarketAnalytics.Api.Auth;
using MarketAnalytics.OrderBook.Service;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The internal exchange's fee account (admin key): the fees collected so far, per asset.</summary>
/// <remarks>With it the money can be audited from outside: per asset, the users' available + blocked balances
/// (<c>GET /api/v1/wallets/{user}</c>) plus the fee account equal the credits minus the debits answered <c>applied</c>.</remarks>
internal static class FeeEndpoints
{
    public static RouteGroupBuilder MapFeeEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/fees", Get).RequireAuthorization(ApiKeyAuthentication.AdminPolicy).WithTags("Exchange wallets")
            .WithSummary("The fee account's balances: {balances: [{asset, amount}]}, every asset of the exchange (admin key)")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    public sealed record FeeBalanceResponse(string Asset, decimal Amount);

    public sealed record FeeAccountResponse(IReadOnlyList<FeeBalanceResponse> Balances);

    private static async Task<Ok<FeeAccountResponse>> Get(ExchangeService exchange, CancellationToken ct)
    {
        var balances = await exchange.GetFeeBalancesAsync(ct);
        return TypedResults.Ok(new FeeAccountResponse([.. balances.Select(b => new FeeBalanceResponse(b.Asset, b.Available))]));
    }
}
