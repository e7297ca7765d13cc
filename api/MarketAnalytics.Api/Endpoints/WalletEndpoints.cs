using System.Text.Json;
using MarketAnalytics.Api.Auth;
using MarketAnalytics.Api.Endpoints.Bodies;
using MarketAnalytics.Api.Endpoints.Validation;
using MarketAnalytics.Core;
using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Service;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Wallets of the internal exchange: a user reads their own balances; the admin credits and debits.</summary>
/// <remarks>A credit or debit is applied once per user, asset and <c>reference</c>: a repeat with the same direction and amount
/// answers 200 with <c>outcome</c> <c>already_applied</c> and changes nothing; the same reference with another direction or amount
/// is 409 naming the conflict (as idempotency keys work in payment APIs). Other users and other assets have references of their
/// own. A debit never takes more than the available balance (409). An amount is at most <see cref="Amounts.MaxAmount"/> with at
/// most 8 decimals, and no credit takes a balance beyond <see cref="Amounts.MaxBalance"/> units or the exchange's total of the
/// asset beyond <see cref="Amounts.MaxSupply"/> units (400 naming <c>amount</c>).</remarks>
internal static class WalletEndpoints
{
    public static RouteGroupBuilder MapWalletEndpoints(this RouteGroupBuilder api)
    {
        var wallets = api.MapGroup("/wallets").WithTags("Exchange wallets");
        wallets.MapGet("/{user:long}", Get).RequireAuthorization(ApiKeyAuthentication.UserPolicy)
            .WithSummary("Your balances: {user_id, balances: [{asset, available, blocked}]} (your API key; another user's wallet is 403)")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        wallets.MapPost("/{user:long}/credit", Credit).ValidateRequest().RequireAuthorization(ApiKeyAuthentication.AdminPolicy)
            .WithSummary("Adds {asset, amount, reference} to a user's available balance, once per user, asset and reference; a reference reused with another amount is 409 (admin key)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        wallets.MapPost("/{user:long}/debit", Debit).ValidateRequest().RequireAuthorization(ApiKeyAuthentication.AdminPolicy)
            .WithSummary("Takes {asset, amount, reference} from a user's available balance, never below zero, once per user, asset and reference (admin key)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <summary>The body of a credit or debit: the asset, the exact amount and the reference that makes it apply once.</summary>
    public sealed record TransferBody(string Asset, decimal Amount, string Reference) : IJsonBody<TransferBody>
    {
        public static string Example => """{"asset": "USDT", "amount": 1000.50, "reference": "deposit-42"}""";

        public static bool TryRead(JsonElement body, out TransferBody value, out ValidationProblem? problem)
        {
            value = null!;
            if (!JsonFields.TryString(body, "asset", true, out var asset, out problem)
                || !JsonFields.TryAmount(body, "amount", true, out var amount, out problem)
                || !JsonFields.TryString(body, "reference", true, out var reference, out problem)) return false;
            value = new TransferBody(asset!, amount!.Value, reference!);
            return true;
        }
    }

    public sealed record BalanceResponse(string Asset, decimal Available, decimal Blocked)
    {
        public static BalanceResponse Of(AssetBalance b) => new(b.Asset, b.Available, b.Blocked);
    }

    public sealed record WalletResponse(long UserId, IReadOnlyList<BalanceResponse> Balances)
    {
        public static WalletResponse Of(WalletBalances w) => new(w.UserId, [.. w.Balances.Select(BalanceResponse.Of)]);
    }

    public sealed record TransferResponse(string Outcome, long UserId, IReadOnlyList<BalanceResponse> Balances);

    private static async Task<Results<Ok<WalletResponse>, ProblemHttpResult>> Get(long user, HttpContext http, ExchangeService exchange, CancellationToken ct)
    {
        if (user != http.User.UserId()) return ExchangeEndpoints.NotYours("wallet");
        return await exchange.GetWalletAsync(user, ct) is { } wallet
            ? TypedResults.Ok(WalletResponse.Of(wallet))
            : QueryErrors.NotFound("user", $"there is no user {user}");
    }

    private static Task<Results<Ok<TransferResponse>, ValidationProblem, ProblemHttpResult>> Credit(
        long user, JsonBody<TransferBody> body, ExchangeService exchange, CancellationToken ct) =>
        Transfer(user, body.Value, exchange, credit: true, ct);

    private static Task<Results<Ok<TransferResponse>, ValidationProblem, ProblemHttpResult>> Debit(
        long user, JsonBody<TransferBody> body, ExchangeService exchange, CancellationToken ct) =>
        Transfer(user, body.Value, exchange, credit: false, ct);

    private static async Task<Results<Ok<TransferResponse>, ValidationProblem, ProblemHttpResult>> Transfer(
        long user, TransferBody transfer, ExchangeService exchange, bool credit, CancellationToken ct)
    {
        var (asset, amount, reference) = transfer;
        var result = credit
            ? await exchange.CreditAsync(user, asset, amount, reference, ct)
            : await exchange.DebitAsync(user, asset, amount, reference, ct);
        return result.Outcome switch
        {
            WalletOutcome.Applied or WalletOutcome.AlreadyApplied => TypedResults.Ok(new TransferResponse(
                result.Outcome.SnakeCaseName(), user, [.. result.Wallet!.Balances.Select(BalanceResponse.Of)])),
            WalletOutcome.UnknownUser => QueryErrors.NotFound("user", $"there is no user {user}"),
            WalletOutcome.UnknownAsset => QueryErrors.BadParameter("asset",
                $"'{asset}' is not an asset of the exchange; assets: {string.Join(", ", Assets(exchange))}"),
            WalletOutcome.InvalidAmount => QueryErrors.BadParameter("amount",
                $"'amount' must be positive with at most 8 decimals, at most {Amounts.MaxAmount}, and keep the balance within " +
                $"{Amounts.ToDecimal(Amounts.MaxBalance)} and the exchange's total of the asset within {Amounts.ToDecimal(Amounts.MaxSupply)}"),
            WalletOutcome.ReferenceConflict => TypedResults.Problem(
                $"reference '{reference}' was already used for user {user}'s {asset} with another direction or amount; nothing changed",
                statusCode: StatusCodes.Status409Conflict, title: "Reference conflict",
                extensions: new Dictionary<string, object?> { ["parameter"] = "reference" }),
            WalletOutcome.InvalidReference => QueryErrors.BadParameter("reference", "'reference' must be 1 to 128 characters"),
            WalletOutcome.InsufficientFunds => TypedResults.Problem($"the available {asset} balance is smaller than {amount}; nothing was taken",
                statusCode: StatusCodes.Status409Conflict, title: "Insufficient funds"),
            _ => throw new InvalidOperationException($"Unexpected wallet outcome {result.Outcome}"),
        };
    }

    private static IEnumerable<string> Assets(ExchangeService exchange) =>
        exchange.Markets.SelectMany(m => new[] { m.BaseAsset, m.QuoteAsset }).Distinct(StringComparer.Ordinal);
}
