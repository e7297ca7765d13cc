using MarketAnalytics.Core;
using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Service;
using Microsoft.AspNetCore.Http.HttpResults;

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
        markets.MapGet("/orderbook/{symbol}", OrderBook)
            .WithSummary("A market's book, best first: bids and asks as [price, quantity, order_count]; ?depth=N levels per side (default 20, at most 1000)")
            .Produces<OrderBookResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        markets.MapGet("/trades/{symbol}", Trades)
            .WithSummary("A market's most recent trades, newest first; ?limit=N (default 100)")
            .Produces<List<MarketTradeResponse>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
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

    private static async Task<IResult> OrderBook(string symbol, string? depth, ExchangeService exchange, CancellationToken ct)
    {
        if (!QueryParameters.TryInt("depth", depth, DefaultDepth, 1, MaxDepth, out var levels, out var error)) return error!;
        if (await exchange.GetOrderBookAsync(symbol, levels, ct) is not { } book) return UnknownMarket(exchange, symbol);
        return TypedResults.Ok(new OrderBookResponse(book.Symbol, Levels(book.Bids), Levels(book.Asks), book.Sequence));
    }

    private static async Task<IResult> Trades(string symbol, string? limit, ExchangeService exchange, CancellationToken ct)
    {
        if (!QueryParameters.TryInt("limit", limit, DefaultTrades, 1, int.MaxValue, out var count, out var error)) return error!;
        if (await exchange.GetRecentTradesAsync(symbol, count, ct) is not { } trades) return UnknownMarket(exchange, symbol);
        return TypedResults.Ok(trades.Select(MarketTradeResponse.Of).ToList());
    }

    private static List<decimal[]> Levels(IReadOnlyList<BookLevel> levels) => [.. levels.Select(l => new[] { l.Price, l.Quantity, l.OrderCount })];

    private static IResult UnknownMarket(ExchangeService exchange, string symbol) =>
        QueryErrors.NotFound("symbol", $"there is no market '{symbol}'; markets: {string.Join(", ", exchange.Markets.Select(m => m.Symbol))}");
}
