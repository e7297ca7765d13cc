using MarketAnalytics.Api.Endpoints.Validation;
using MarketAnalytics.Core;
using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Service;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The internal exchange's public market data: the markets and their settings, each market's book and recent trades.</summary>
internal static class MarketEndpoints
{
    public const int DefaultDepth = 20;
    public const int MaxDepth = 1000;
    public const int DefaultTrades = 100;

    public static RouteGroupBuilder MapMarketEndpoints(this RouteGroupBuilder api)
    {
        var markets = api.MapGroup("").WithTags("Exchange markets");
        markets.MapGet("/markets", Markets)
            .WithSummary("The internal exchange's markets: assets, tick and lot size, minimum notional (quote asset), maker and taker fee rates");
        markets.MapGet("/orderbook/{symbol}", OrderBook).ValidateRequest()
            .WithSummary("A market's book, best first: bids and asks as [price, quantity, order_count]; ?depth=N levels per side (default 20, at most 1000)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        markets.MapGet("/trades/{symbol}", Trades).ValidateRequest()
            .WithSummary("A market's most recent trades, newest first; ?limit=N (default 100)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The query of <c>GET /api/v1/orderbook/{symbol}</c>: <c>depth</c> levels per side (default <see cref="DefaultDepth"/>).</summary>
    public sealed record DepthQuery
    {
        [FromQuery(Name = "depth"), WholeNumber(1, MaxDepth)] public string? Depth { get; init; }
    }

    /// <summary>The query of <c>GET /api/v1/trades/{symbol}</c>: <c>limit</c> trades (default <see cref="DefaultTrades"/>).</summary>
    public sealed record RecentTradesQuery
    {
        [FromQuery(Name = "limit"), WholeNumber(1, int.MaxValue)] public string? Limit { get; init; }
    }

    public sealed record MarketResponse(
        string Symbol, string BaseAsset, string QuoteAsset, decimal TickSize, decimal LotSize, decimal MinNotional, decimal MakerFeeRate, decimal TakerFeeRate);

    /// <summary>Levels as <c>[price, quantity, order_count]</c>; <see cref="Sequence"/> is the last event the book includes, so a
    /// stream subscriber applies the book changes after it.</summary>
    public sealed record OrderBookResponse(string Symbol, IReadOnlyList<decimal[]> Bids, IReadOnlyList<decimal[]> Asks, long Sequence);

    public sealed record MarketTradeResponse(long TradeId, string Symbol, decimal Price, decimal Quantity, decimal QuoteQuantity, string TakerSide, DateTime Time)
    {
        public static MarketTradeResponse Of(PublicTrade t) =>
            new(t.TradeId, t.Symbol, t.Price, t.Quantity, t.QuoteQuantity, t.TakerSide.SnakeCaseName(), t.Time);
    }

    private static Ok<List<MarketResponse>> Markets(ExchangeService exchange) =>
        TypedResults.Ok(exchange.Markets.Select(m => new MarketResponse(
            m.Symbol, m.BaseAsset, m.QuoteAsset, m.TickSize, m.LotSize, m.MinNotional, m.MakerFeeRate, m.TakerFeeRate)).ToList());

    private static async Task<Results<Ok<OrderBookResponse>, ProblemHttpResult>> OrderBook(
        string symbol, [AsParameters] DepthQuery query, ExchangeService exchange, CancellationToken ct)
    {
        var depth = QueryParameters.Int(query.Depth) ?? DefaultDepth;
        if (await exchange.GetOrderBookAsync(symbol, depth, ct) is not { } book) return UnknownMarket(exchange, symbol);
        return TypedResults.Ok(new OrderBookResponse(book.Symbol, Levels(book.Bids), Levels(book.Asks), book.Sequence));
    }

    private static async Task<Results<Ok<List<MarketTradeResponse>>, ProblemHttpResult>> Trades(
        string symbol, [AsParameters] RecentTradesQuery query, ExchangeService exchange, CancellationToken ct)
    {
        var limit = QueryParameters.Int(query.Limit) ?? DefaultTrades;
        if (await exchange.GetRecentTradesAsync(symbol, limit, ct) is not { } trades) return UnknownMarket(exchange, symbol);
        return TypedResults.Ok(trades.Select(MarketTradeResponse.Of).ToList());
    }

    private static List<decimal[]> Levels(IReadOnlyList<BookLevel> levels) => [.. levels.Select(l => new[] { l.Price, l.Quantity, l.OrderCount })];

    private static ProblemHttpResult UnknownMarket(ExchangeService exchange, string symbol) =>
        QueryErrors.NotFound("symbol", $"there is no market '{symbol}'; markets: {string.Join(", ", exchange.Markets.Select(m => m.Symbol))}");
}
