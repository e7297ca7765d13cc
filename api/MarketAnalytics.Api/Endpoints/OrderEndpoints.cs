using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using MarketAnalytics.Api.Auth;
using MarketAnalytics.Api.Endpoints.Bodies;
using MarketAnalytics.Api.Endpoints.Validation;
using MarketAnalytics.Core;
using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Service;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Orders on the internal exchange, each user's own (their API key in <c>X-Api-Key</c>; another user's order is 403).</summary>
/// <remarks>Malformed input (not JSON, wrong JSON types, unknown symbol, side, type, time in force or STP mode, a missing amount)
/// is a 400 naming the field and places nothing. A well-formed order the engine refuses (off the tick or lot grid, not positive,
/// below the minimum notional, insufficient funds, a post-only order that would take, a reused client order id) is recorded and
/// answered with status <c>rejected</c> and a <c>reason</c>. A price, quantity or funds beyond the exchange's bounds
/// (<see cref="OrderBounds"/>) is a 400 naming the field, checked before anything is journaled.</remarks>
internal static class OrderEndpoints
{
    public static RouteGroupBuilder MapOrderEndpoints(this RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Exchange orders").RequireAuthorization(ApiKeyAuthentication.UserPolicy);
        orders.MapPost("", Place).ValidateRequest().WithSummary(
            "Places an order {symbol, side (buy|sell), type (limit|market), price, quantity, funds (market buy: quote budget incl. fees), " +
            "time_in_force (gtc|ioc|fok), post_only, client_order_id, stp (cancel_newest|cancel_oldest|cancel_both|decrement)}; " +
            "answers the order with the trades it made at once")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        orders.MapDelete("/{id:long}", Cancel).WithSummary("Cancels your open or partially filled order; the remainder is unblocked")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{id:long}/replace", Replace).ValidateRequest().WithSummary(
            "Cancel-replace in one step: cancels your open order and places a new one at {price, quantity} (optional client_order_id) " +
            "with its market, side, type, time in force, post-only flag and STP mode; answers {replaced, order}. If the new order is " +
            "rejected (funds, grid, minimum notional, post-only) the old one stays canceled")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapGet("/{id:long}", Get).WithSummary("One of your orders")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapGet("", List).ValidateRequest().WithSummary(
            "Your orders, oldest first; ?status=open (open and partially filled), partially_filled, filled, canceled or rejected")
;
        return api;
    }

    /// <summary>The query of <c>GET /api/v1/orders</c>: <c>status</c>, one of <c>open</c> (open and partially filled) or an order
    /// status in its snake_case name, any case; absent or blank lists every order.</summary>
    public sealed record OrderListQuery : IValidatableObject
    {
        [FromQuery(Name = "status")] public string? Status { get; init; }

        /// <summary>The statuses asked for, or null for all.</summary>
        public OrderStatus[]? Statuses()
        {
            if (string.IsNullOrWhiteSpace(Status)) return null;
            if (string.Equals(Status, "open", StringComparison.OrdinalIgnoreCase)) return [OrderStatus.Open, OrderStatus.PartiallyFilled];
            return SnakeCaseNames.TryParse<OrderStatus>(Status, out var single)
                ? [single]
                : throw new InvalidOperationException($"status '{Status}' was read without validating the query first");
        }

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (!string.IsNullOrWhiteSpace(Status) && !string.Equals(Status, "open", StringComparison.OrdinalIgnoreCase)
                && !SnakeCaseNames.TryParse<OrderStatus>(Status, out _))
                yield return new ValidationResult($"'{Status}' is not one of open, partially_filled, filled, canceled, rejected", ["status"]);
        }
    }

    /// <summary>The body of <c>POST /api/v1/orders</c>: the order as the engine takes it. Type defaults to limit, time in force to
    /// gtc (ioc for market orders), STP to cancel_newest; a limit order needs price and quantity, a market buy funds, a market sell
    /// quantity.</summary>
    public sealed record OrderBody(
        string Symbol, OrderSide Side, OrderType Type, decimal? Price, decimal? Quantity, decimal? Funds, TimeInForce TimeInForce, bool PostOnly,
        string? ClientOrderId, SelfTradePrevention Stp) : IJsonBody<OrderBody>
    {
        public static string Example =>
            """{"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": 50000.00, "quantity": 0.01, "time_in_force": "gtc"}""";

        public static bool TryRead(JsonElement body, out OrderBody value, out ValidationProblem? problem)
        {
            value = null!;
            if (!JsonFields.TryString(body, "symbol", true, out var symbol, out problem)
                || !JsonFields.TryEnum<OrderSide>(body, "side", null, out var side, out problem)
                || !JsonFields.TryEnum<OrderType>(body, "type", OrderType.Limit, out var type, out problem)
                || !JsonFields.TryAmount(body, "price", type == OrderType.Limit, out var price, out problem)
                || !JsonFields.TryAmount(body, "quantity", type == OrderType.Limit || side == OrderSide.Sell, out var quantity, out problem)
                || !JsonFields.TryAmount(body, "funds", type == OrderType.Market && side == OrderSide.Buy, out var funds, out problem)
                || !JsonFields.TryEnum<TimeInForce>(body, "time_in_force", type == OrderType.Market ? TimeInForce.Ioc : TimeInForce.Gtc, out var tif, out problem)
                || !JsonFields.TryBool(body, "post_only", false, out var postOnly, out problem)
                || !JsonFields.TryString(body, "client_order_id", false, out var clientOrderId, out problem)
                || !JsonFields.TryEnum<SelfTradePrevention>(body, "stp", SelfTradePrevention.CancelNewest, out var stp, out problem)) return false;
            value = new OrderBody(symbol!, side, type, price, quantity, funds, tif, postOnly, clientOrderId, stp);
            return true;
        }

        public OrderRequest ToRequest() => new(Symbol, Side, Type, Price, Quantity, Funds, TimeInForce, PostOnly, ClientOrderId, Stp);
    }

    /// <summary>The body of <c>POST /api/v1/orders/{id}/replace</c>: the new order's price and quantity, and optionally its client
    /// order id.</summary>
    public sealed record ReplaceBody(decimal Price, decimal Quantity, string? ClientOrderId) : IJsonBody<ReplaceBody>
    {
        public static string Example => """{"price": 49990.00, "quantity": 0.02}""";

        public static bool TryRead(JsonElement body, out ReplaceBody value, out ValidationProblem? problem)
        {
            value = null!;
            if (!JsonFields.TryAmount(body, "price", true, out var price, out problem)
                || !JsonFields.TryAmount(body, "quantity", true, out var quantity, out problem)
                || !JsonFields.TryString(body, "client_order_id", false, out var clientOrderId, out problem)) return false;
            value = new ReplaceBody(price!.Value, quantity!.Value, clientOrderId);
            return true;
        }
    }

    /// <summary>A cancel-replace's answer: the old order (canceled, reason <c>replaced</c>) and the new one, with its trades.</summary>
    public sealed record ReplaceResponse(OrderResponse Replaced, OrderResponse Order);

    public sealed record OrderTradeResponse(long TradeId, decimal Price, decimal Quantity, decimal Fee);

    /// <summary>An order; <see cref="Trades"/> (the trades it made as taker when placed) is only in the answer to the placement.</summary>
    public sealed record OrderResponse(
        long OrderId,
        string Status,
        string? Reason,
        decimal FilledQuantity,
        decimal RemainingQuantity,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OrderTradeResponse>? Trades,
        long UserId,
        string Symbol,
        string Side,
        string Type,
        decimal? Price,
        decimal Quantity,
        decimal? Funds,
        decimal? SpentFunds,
        decimal? RemainingFunds,
        decimal? CanceledFunds,
        string TimeInForce,
        bool PostOnly,
        string Stp,
        string? ClientOrderId,
        decimal CanceledQuantity,
        decimal FilledQuote,
        decimal Fees,
        decimal Blocked,
        DateTime CreatedAt,
        DateTime UpdatedAt)
    {
        public static OrderResponse Of(OrderView o, IReadOnlyList<OrderTradeResponse>? trades = null) => new(
            o.OrderId, o.Status.SnakeCaseName(), o.Reason, o.FilledQuantity, o.RemainingQuantity, trades, o.UserId, o.Symbol,
            o.Side.SnakeCaseName(), o.Type.SnakeCaseName(), o.Price, o.Quantity, o.Funds, o.SpentFunds, o.RemainingFunds, o.CanceledFunds,
            o.TimeInForce.SnakeCaseName(),
            o.PostOnly, o.Stp.SnakeCaseName(), o.ClientOrderId, o.CanceledQuantity, o.FilledQuote, o.Fees, o.Blocked, o.CreatedAt, o.UpdatedAt);
    }

    private static async Task<Results<JsonAnswer<OrderResponse>, ValidationProblem>> Place(
        JsonBody<OrderBody> body, HttpContext http, ExchangeService exchange, CancellationToken ct)
    {
        var order = body.Value;
        if (exchange.Markets.FirstOrDefault(m => m.Symbol == order.Symbol) is not { } market)
            return QueryErrors.BadParameter("symbol", $"there is no market '{order.Symbol}'; markets: {string.Join(", ", exchange.Markets.Select(m => m.Symbol))}");
        if (OrderBounds.FieldBeyondBounds(order.Price, order.Quantity, order.Funds, market.TakerFeeRate) is { } beyond) return BeyondBounds(beyond, market.QuoteAsset);
        var result = await exchange.PlaceOrderAsync(http.User.UserId(), order.ToRequest(), ct);
        if (result.Order is null) return QueryErrors.BadParameter("symbol", result.Reason ?? "the order was not accepted");
        return new JsonAnswer<OrderResponse>(Placed(result));
    }

    private static async Task<Results<JsonAnswer<ReplaceResponse>, ValidationProblem, ProblemHttpResult>> Replace(
        long id, JsonBody<ReplaceBody> body, HttpContext http, ExchangeService exchange, CancellationToken ct)
    {
        var replace = body.Value;
        // The market (and its fee) is the old order's, known only to the engine, which checks the fee part exactly.
        if (OrderBounds.FieldBeyondBounds(replace.Price, replace.Quantity, null, 0m) is { } beyond) return BeyondBounds(beyond, "quote asset");
        var result = await exchange.ReplaceOrderAsync(http.User.UserId(), id, replace.Price, replace.Quantity, replace.ClientOrderId, ct);
        return result.New is { } placed
            ? new JsonAnswer<ReplaceResponse>(new ReplaceResponse(OrderResponse.Of(result.Old.Order!), Placed(placed)))
            : NotCanceled(id, result.Old);
    }

    private static async Task<Results<JsonAnswer<OrderResponse>, ProblemHttpResult>> Cancel(long id, HttpContext http, ExchangeService exchange, CancellationToken ct)
    {
        var result = await exchange.CancelOrderAsync(http.User.UserId(), id, ct);
        return result.Outcome == CancelOutcome.Canceled ? new JsonAnswer<OrderResponse>(OrderResponse.Of(result.Order!)) : NotCanceled(id, result);
    }

    /// <summary>The answer when order <paramref name="id"/> could not be canceled: 403, 404 or 409 with the final order.</summary>
    private static ProblemHttpResult NotCanceled(long id, CancelOrderResult result) =>
        result.Outcome switch
        {
            CancelOutcome.NotOwner => ExchangeEndpoints.NotYours("order"),
            CancelOutcome.NotFound => UnknownOrder(id),
            CancelOutcome.AlreadyFinal => TypedResults.Problem($"order {id} is already {result.Order!.Status.SnakeCaseName()}",
                statusCode: StatusCodes.Status409Conflict, title: "Order is final",
                extensions: new Dictionary<string, object?> { ["order"] = OrderResponse.Of(result.Order!) }),
            _ => throw new InvalidOperationException($"Unexpected cancel outcome {result.Outcome}"),
        };

    private static ValidationProblem BeyondBounds(string field, string quoteAsset) =>
        QueryErrors.BadParameter(field, field == "quantity"
            ? $"'quantity' must be at most {Amounts.MaxAmount}, and price x quantity plus the taker fee at most {Amounts.MaxAmount} {quoteAsset}"
            : $"'{field}' must be at most {Amounts.MaxAmount}");

    private static OrderResponse Placed(PlaceOrderResult result) =>
        OrderResponse.Of(result.Order!, [.. result.Trades.Select(t => new OrderTradeResponse(t.TradeId, t.Price, t.Quantity, t.Fee))]);

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> Get(long id, HttpContext http, ExchangeService exchange, CancellationToken ct)
    {
        if (await exchange.GetOrderAsync(id, ct) is not { } order) return UnknownOrder(id);
        return order.UserId == http.User.UserId() ? TypedResults.Ok(OrderResponse.Of(order)) : ExchangeEndpoints.NotYours("order");
    }

    private static async Task<Ok<List<OrderResponse>>> List([AsParameters] OrderListQuery query, HttpContext http, ExchangeService exchange, CancellationToken ct)
    {
        var orders = await exchange.ListOrdersAsync(http.User.UserId(), query.Statuses(), ct);
        return TypedResults.Ok(orders.Select(o => OrderResponse.Of(o)).ToList());
    }

    private static ProblemHttpResult UnknownOrder(long id) => QueryErrors.NotFound("id", $"there is no order {id}");
}
