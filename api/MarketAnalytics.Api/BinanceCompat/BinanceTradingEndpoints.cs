using MarketAnalytics.Core;
using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>Binance's spot trading endpoints on the internal exchange, under <c>/venues/internal/api/v3</c>, every one signed
/// (<see cref="SignedRequests"/>).</summary>
/// <remarks>Orders go through <see cref="ExchangeService"/> as the same journaled commands as <c>/api/v1/orders</c>. Types: LIMIT
/// (price, quantity, timeInForce GTC/IOC/FOK), LIMIT_MAKER (post-only), MARKET SELL by quantity and MARKET BUY by quoteOrderQty
/// (the engine's funds: the quote budget, fees included; a MARKET BUY by quantity is refused with -1106). An order the engine
/// refuses is answered with Binance's error (-1013 filter failure, -2010 rejected) and stays recorded as REJECTED. Another user's
/// order is unknown to the caller (-2013 for a query, -2011 for a cancel).</remarks>
internal static class BinanceTradingEndpoints
{
    public static RouteGroupBuilder MapBinanceTradingEndpoints(this RouteGroupBuilder api)
    {
        var signed = api.MapGroup("").RequireSignature();
        signed.MapPost("/order", Place).WithSummary("New order (LIMIT, LIMIT_MAKER, MARKET); newOrderRespType ACK, RESULT or FULL (default)");
        signed.MapPost("/order/test", Test).WithSummary("Checks a new order's parameters without placing it; answers {}");
        signed.MapDelete("/order", Cancel).WithSummary("Cancels your order: symbol and orderId or origClientOrderId");
        signed.MapGet("/order", Get).WithSummary("One of your orders: symbol and orderId or origClientOrderId");
        signed.MapGet("/openOrders", OpenOrders).WithSummary("Your open orders, of one symbol or all");
        signed.MapGet("/allOrders", AllOrders).WithSummary("Your orders of a symbol: orderId, startTime, endTime, limit (default 500, at most 1000)");
        signed.MapGet("/account", Account).WithSummary("Your balances (free, locked) and commission rates");
        signed.MapGet("/myTrades", MyTrades).WithSummary("Your trades of a symbol: orderId, startTime, endTime, fromId, limit (default 500, at most 1000)");
        return api;
    }

    private sealed record NewOrder(VenueSymbol Symbol, OrderRequest Request, string ResponseType);

    private static async Task<IResult> Place(HttpContext http, VenueCatalog catalog, ExchangeService exchange, CancellationToken ct)
    {
        var (order, error) = await ParseAsync(http, catalog, ct);
        if (error is not null) return error;
        var result = await exchange.PlaceOrderAsync(SignedRequests.Caller(http), order!.Request, ct);
        if (result.Order is not { } placed) return BinanceError.Rejected($"Order rejected: {result.Reason ?? "unknown reason"}.");
        if (placed.Status == OrderStatus.Rejected) return BinanceOrders.Rejection(placed.Reason);
        var symbol = order.Symbol.Symbol;
        return BinanceJson.Ok(order.ResponseType switch
        {
            "ACK" => BinanceOrders.Ack(symbol, placed),
            "RESULT" => BinanceOrders.Result(symbol, placed),
            _ => BinanceOrders.Full(symbol, order.Symbol.Market!.QuoteAsset, placed, result.Trades),
        });
    }

    private static async Task<IResult> Test(HttpContext http, VenueCatalog catalog, CancellationToken ct)
    {
        var (_, error) = await ParseAsync(http, catalog, ct);
        return error ?? BinanceJson.Ok(new Dictionary<string, object>());
    }

    private static async Task<(NewOrder? Order, IResult? Error)> ParseAsync(HttpContext http, VenueCatalog catalog, CancellationToken ct)
    {
        var (p, error) = await BinanceParameters.ReadAsync(http);
        if (error is not null) return (null, error);
        var (symbol, symbolError) = await SymbolAsync(p!, catalog, ct);
        if (symbolError is not null) return (null, symbolError);
        if (!p!.TryRequired("side", out var sideText, out error) || !p.TryRequired("type", out var type, out error)) return (null, error);
        if (sideText is not ("BUY" or "SELL")) return (null, BinanceError.Illegal("side", "BUY, SELL"));
        var side = sideText == "BUY" ? OrderSide.Buy : OrderSide.Sell;
        if (type is not ("LIMIT" or "LIMIT_MAKER" or "MARKET")) return (null, new BinanceError(400, -1116, "Invalid orderType."));
        if (!p.TryDecimal("price", out var price, out error) || !p.TryDecimal("quantity", out var quantity, out error)
            || !p.TryDecimal("quoteOrderQty", out var quote, out error)) return (null, error);
        var stp = SelfTradePrevention.CancelNewest;
        if (p["selfTradePreventionMode"] is { } stpText && !BinanceOrders.TryParseStp(stpText, out stp))
            return (null, BinanceError.Illegal("selfTradePreventionMode", string.Join(", ", BinanceOrders.SelfTradePreventionModes)));
        var responseType = p["newOrderRespType"] ?? "FULL";
        if (responseType is not ("ACK" or "RESULT" or "FULL")) return (null, BinanceError.Illegal("newOrderRespType", "ACK, RESULT, FULL"));
        var tifText = p["timeInForce"];
        var tif = TimeInForce.Gtc;
        if (tifText is not null)
        {
            if (type != "LIMIT") return (null, BinanceError.NotRequired("timeInForce", $"{type} orders take no timeInForce."));
            tif = tifText switch { "GTC" => TimeInForce.Gtc, "IOC" => TimeInForce.Ioc, "FOK" => TimeInForce.Fok, _ => 0 };
            if (tif == 0) return (null, new BinanceError(400, -1115, "Invalid timeInForce."));
        }
        var market = symbol!.Market!;
        // Beyond the engine's amount bounds: refused before anything is journaled, as the native order API does.
        switch (OrderBounds.FieldBeyondBounds(price, quantity, quote, market.TakerFeeRate))
        {
            case "price": return (null, BinanceError.Filter("PRICE_FILTER"));
            case "quantity" when price is null || quantity > Amounts.MaxAmount: return (null, BinanceError.Filter("LOT_SIZE"));
            case not null: return (null, BinanceError.Filter("NOTIONAL"));
        }
        OrderRequest request;
        if (type == "MARKET")
        {
            if (price is not null) return (null, BinanceError.NotRequired("price", "MARKET orders take no price."));
            if (quantity is null && quote is null)
                return (null, new BinanceError(400, -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!"));
            if (side == OrderSide.Buy && quantity is not null)
                return (null, BinanceError.NotRequired("quantity", "A MARKET BUY here is sized by quoteOrderQty: the quote budget, fees included."));
            if (side == OrderSide.Sell && quote is not null)
                return (null, BinanceError.NotRequired("quoteOrderQty", "A MARKET SELL here is sized by quantity."));
            request = new OrderRequest(market.Symbol, side, OrderType.Market, null, quantity, quote, TimeInForce.Ioc, false, p["newClientOrderId"], stp);
        }
        else
        {
            if (type == "LIMIT" && tifText is null) return (null, BinanceError.Mandatory("timeInForce"));
            if (price is null) return (null, BinanceError.Mandatory("price"));
            if (quantity is null) return (null, BinanceError.Mandatory("quantity"));
            if (quote is not null) return (null, BinanceError.NotRequired("quoteOrderQty", $"{type} orders are sized by quantity."));
            request = new OrderRequest(market.Symbol, side, OrderType.Limit, price, quantity, null, tif, type == "LIMIT_MAKER", p["newClientOrderId"], stp);
        }
        return (new NewOrder(symbol, request, responseType), null);
    }

    private static async Task<IResult> Cancel(HttpContext http, VenueCatalog catalog, ExchangeService exchange, CancellationToken ct)
    {
        var user = SignedRequests.Caller(http);
        var (order, symbol, error) = await FindAsync(http, user, catalog, exchange, BinanceError.UnknownOrderSent(), ct);
        if (error is not null) return error;
        var result = await exchange.CancelOrderAsync(user, order!.OrderId, ct);
        if (result.Outcome != CancelOutcome.Canceled) return BinanceError.UnknownOrderSent();
        var answer = BinanceOrders.Result(symbol!.Symbol, result.Order!);
        answer["origClientOrderId"] = result.Order!.ClientOrderId ?? "";
        answer["transactTime"] = BinanceJson.Ms(result.Order.UpdatedAt);
        return BinanceJson.Ok(answer);
    }

    private static async Task<IResult> Get(HttpContext http, VenueCatalog catalog, ExchangeService exchange, CancellationToken ct)
    {
        var (order, symbol, error) = await FindAsync(http, SignedRequests.Caller(http), catalog, exchange, BinanceError.OrderDoesNotExist(), ct);
        return error ?? BinanceJson.Ok(BinanceOrders.Query(symbol!.Symbol, order!));
    }

    /// <summary>The caller's order named by <c>orderId</c> or <c>origClientOrderId</c> in the market of <c>symbol</c>, or
    /// <paramref name="notFound"/> (also for another user's order, so nothing about it is revealed).</summary>
    private static async Task<(OrderView? Order, VenueSymbol? Symbol, IResult? Error)> FindAsync(
        HttpContext http, long user, VenueCatalog catalog, ExchangeService exchange, BinanceError notFound, CancellationToken ct)
    {
        var (p, error) = await BinanceParameters.ReadAsync(http);
        if (error is not null) return (null, null, error);
        var (symbol, symbolError) = await SymbolAsync(p!, catalog, ct);
        if (symbolError is not null) return (null, null, symbolError);
        if (!p!.TryLong("orderId", 0, long.MaxValue, out var id, out error)) return (null, null, error);
        var clientId = p["origClientOrderId"];
        if (id is null && clientId is null)
            return (null, null, new BinanceError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!"));
        var order = id is { } orderId
            ? await exchange.GetOrderAsync(orderId, ct)
            : (await exchange.ListOrdersAsync(user, null, ct)).LastOrDefault(o => o.ClientOrderId == clientId);
        if (order is null || order.UserId != user || order.Symbol != symbol!.Market!.Symbol || (clientId is not null && order.ClientOrderId != clientId))
            return (null, null, notFound);
        return (order, symbol, null);
    }

    private static async Task<IResult> OpenOrders(HttpContext http, VenueCatalog catalog, ExchangeService exchange, CancellationToken ct)
    {
        var (p, error) = await BinanceParameters.ReadAsync(http);
        if (error is not null) return error;
        VenueSymbol? only = null;
        if (p!["symbol"] is not null)
        {
            var (symbol, symbolError) = await SymbolAsync(p, catalog, ct);
            if (symbolError is not null) return symbolError;
            only = symbol;
        }
        var spellings = await SpellingsAsync(catalog, ct);
        var orders = await exchange.ListOrdersAsync(SignedRequests.Caller(http), [OrderStatus.Open, OrderStatus.PartiallyFilled], ct);
        return BinanceJson.Ok(orders.Where(o => only is null || o.Symbol == only.Market!.Symbol)
            .Select(o => BinanceOrders.Query(spellings[o.Symbol], o)).ToList());
    }

    private static async Task<IResult> AllOrders(HttpContext http, VenueCatalog catalog, ExchangeService exchange, CancellationToken ct)
    {
        var (p, error) = await BinanceParameters.ReadAsync(http);
        if (error is not null) return error;
        var (symbol, symbolError) = await SymbolAsync(p!, catalog, ct);
        if (symbolError is not null) return symbolError;
        if (!p!.TryLong("orderId", 0, long.MaxValue, out var fromId, out error) || !p.TryTime("startTime", out var start, out error)
            || !p.TryTime("endTime", out var end, out error) || !p.TryInt("limit", BinanceMarketEndpoints.DefaultLimit, 1, BinanceMarketEndpoints.MaxLimit, out var limit, out error))
            return error!;
        if (start > end) return BinanceError.StartAfterEnd();
        var orders = (await exchange.ListOrdersAsync(SignedRequests.Caller(http), null, ct))
            .Where(o => o.Symbol == symbol!.Market!.Symbol && o.OrderId >= (fromId ?? 0)
                && (start is null || o.CreatedAt >= start) && (end is null || o.CreatedAt <= end))
            .OrderBy(o => o.OrderId)
            .ToList();
        var page = fromId is not null || start is not null ? orders.Take(limit) : orders.TakeLast(limit);
        return BinanceJson.Ok(page.Select(o => BinanceOrders.Query(symbol!.Symbol, o)).ToList());
    }

    private static async Task<IResult> Account(HttpContext http, ExchangeService exchange, TimeProvider clock, CancellationToken ct)
    {
        var (p, error) = await BinanceParameters.ReadAsync(http);
        if (error is not null) return error;
        var user = SignedRequests.Caller(http);
        var wallet = await exchange.GetWalletAsync(user, ct);
        var omitZero = string.Equals(p!["omitZeroBalances"], "true", StringComparison.OrdinalIgnoreCase);
        // Binance reports one pair of rates per account; here rates are per market, so the first market's stand for the account
        // (the default markets share them).
        var market = exchange.Markets[0];
        return BinanceJson.Ok(new
        {
            makerCommission = (int)(market.MakerFeeRate * 10_000m),
            takerCommission = (int)(market.TakerFeeRate * 10_000m),
            buyerCommission = 0,
            sellerCommission = 0,
            commissionRates = new
            {
                maker = BinanceJson.Number(market.MakerFeeRate), taker = BinanceJson.Number(market.TakerFeeRate), buyer = "0", seller = "0",
            },
            canTrade = true,
            canWithdraw = false,
            canDeposit = false,
            brokered = false,
            requireSelfTradePrevention = false,
            preventSor = false,
            updateTime = BinanceJson.Ms(clock.GetUtcNow().UtcDateTime),
            accountType = "SPOT",
            balances = (wallet?.Balances ?? []).Where(b => !omitZero || b.Available != 0 || b.Blocked != 0)
                .Select(b => new { asset = b.Asset, free = BinanceJson.Number(b.Available), locked = BinanceJson.Number(b.Blocked) }).ToList(),
            permissions = new[] { "SPOT" },
            uid = user,
        });
    }

    private static async Task<IResult> MyTrades(HttpContext http, VenueCatalog catalog, UserFills fills, CancellationToken ct)
    {
        var (p, error) = await BinanceParameters.ReadAsync(http);
        if (error is not null) return error;
        var (symbol, symbolError) = await SymbolAsync(p!, catalog, ct);
        if (symbolError is not null) return symbolError;
        if (!p!.TryLong("orderId", 0, long.MaxValue, out var orderId, out error) || !p.TryLong("fromId", 0, long.MaxValue, out var fromId, out error)
            || !p.TryTime("startTime", out var start, out error) || !p.TryTime("endTime", out var end, out error)
            || !p.TryInt("limit", BinanceMarketEndpoints.DefaultLimit, 1, BinanceMarketEndpoints.MaxLimit, out var limit, out error))
            return error!;
        if (start > end) return BinanceError.StartAfterEnd();
        if (fromId is not null && (start ?? end) is not null)
            return new BinanceError(400, -1128, "Combination of optional parameters invalid: fromId with startTime or endTime.");
        var market = symbol!.Market!;
        var mine = (await fills.ReadAsync(SignedRequests.Caller(http), market.Symbol, ct))
            .Where(f => (orderId is null || f.OrderId == orderId) && f.TradeId >= (fromId ?? 0)
                && (start is null || f.Time >= start) && (end is null || f.Time <= end))
            .ToList();
        var page = fromId is not null || start is not null ? mine.Take(limit) : mine.TakeLast(limit);
        return BinanceJson.Ok(page.Select(f => new
        {
            symbol = symbol.Symbol,
            id = f.TradeId,
            orderId = f.OrderId,
            orderListId = -1,
            price = BinanceJson.Number(f.Price),
            qty = BinanceJson.Number(f.Quantity),
            quoteQty = BinanceJson.Number(f.Price * f.Quantity),
            commission = BinanceJson.Number(f.Fee),
            commissionAsset = market.QuoteAsset,
            time = BinanceJson.Ms(f.Time),
            isBuyer = f.IsBuyer,
            isMaker = f.IsMaker,
            isBestMatch = true,
        }).ToList());
    }

    /// <summary>An internal market named by <c>symbol</c>, or Binance's error.</summary>
    private static async Task<(VenueSymbol? Symbol, IResult? Error)> SymbolAsync(BinanceParameters p, VenueCatalog catalog, CancellationToken ct)
    {
        if (!p.TryRequired("symbol", out var text, out var error)) return (null, error);
        var symbol = await catalog.FindAsync(Venues.Internal, text, ct);
        return symbol?.Market is null ? (null, BinanceError.InvalidSymbol()) : (symbol, null);
    }

    /// <summary>Each internal market's Binance spelling by its own symbol.</summary>
    private static async Task<Dictionary<string, string>> SpellingsAsync(VenueCatalog catalog, CancellationToken ct) =>
        (await catalog.ListAsync(Venues.Internal, ct))!.Where(s => s.Market is not null).ToDictionary(s => s.Market!.Symbol, s => s.Symbol);
}
