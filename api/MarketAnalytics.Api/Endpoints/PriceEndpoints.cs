using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The current prices of an instrument, read through the price-cache port.</summary>
internal static class PriceEndpoints
{
    /// <summary>Set (to <c>true</c>) when the price cache's backend is unreachable and the answer is its last known value.</summary>
    public const string StaleHeader = "X-Price-Stale";

    public static IEndpointRouteBuilder MapPriceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/current_price", CurrentPrice).WithTags("Prices")
            .WithSummary("Last taker-buy and taker-sell trade prices and the best bid and ask");
        return app;
    }

    public sealed record PriceResponse(
        string Symbol, decimal? BuyPrice, decimal? SellPrice, decimal? BidPrice, decimal? AskPrice, decimal? BidSize, decimal? AskSize, DateTime UpdatedAt);

    private static async Task<Results<Ok<PriceResponse>, ProblemHttpResult>> CurrentPrice(string? symbol, IPriceCache prices, InstrumentResolver resolver, HttpContext http, CancellationToken ct)
    {
        InstrumentId instrument;
        if (symbol is not null && InstrumentId.TryParse(symbol, out var explicitId)) instrument = explicitId;
        else
        {
            var (resolved, error) = await resolver.ResolveAsync(symbol, ct);
            if (error is not null) return error;
            instrument = resolved;
        }
        var reading = await prices.GetAsync(instrument, ct);
        if (reading.IsStale) http.Response.Headers[StaleHeader] = "true";
        if (reading.Price is not { } price) return QueryErrors.NotFound("symbol", $"no price is known for {instrument}");
        return TypedResults.Ok(new PriceResponse(
            instrument.ToString(), price.BuyPrice, price.SellPrice, price.BidPrice, price.AskPrice, price.BidSize, price.AskSize, price.UpdatedAt));
    }
}
