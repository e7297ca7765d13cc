using MarketAnalytics.OrderBook.Engine;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>The internal exchange's orders and fills in Binance's shapes and spellings.</summary>
/// <remarks>Statuses: open is <c>NEW</c>, partially filled <c>PARTIALLY_FILLED</c>, filled <c>FILLED</c>, rejected <c>REJECTED</c>;
/// a cancel by its owner (or a cancel-replace) is <c>CANCELED</c>, while the engine ending an order by itself (an IOC or market
/// remainder, a FOK that could not fill, no liquidity, self-trade prevention) is <c>EXPIRED</c>, as on Binance. A post-only
/// order is a <c>LIMIT_MAKER</c>. Self-trade prevention modes: <c>EXPIRE_TAKER</c> (cancel newest, the default),
/// <c>EXPIRE_MAKER</c> (cancel oldest), <c>EXPIRE_BOTH</c>, <c>DECREMENT</c>; Binance's <c>NONE</c> is not offered, since the engine
/// never lets a user trade with themself.</remarks>
internal static class BinanceOrders
{
    public static readonly string[] SelfTradePreventionModes = ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH", "DECREMENT"];

    public static bool TryParseStp(string text, out SelfTradePrevention stp)
    {
        stp = text switch
        {
            "EXPIRE_TAKER" => SelfTradePrevention.CancelNewest,
            "EXPIRE_MAKER" => SelfTradePrevention.CancelOldest,
            "EXPIRE_BOTH" => SelfTradePrevention.CancelBoth,
            "DECREMENT" => SelfTradePrevention.Decrement,
            _ => 0,
        };
        return stp != 0;
    }

    public static string Stp(SelfTradePrevention stp) => stp switch
    {
        SelfTradePrevention.CancelOldest => "EXPIRE_MAKER",
        SelfTradePrevention.CancelBoth => "EXPIRE_BOTH",
        SelfTradePrevention.Decrement => "DECREMENT",
        _ => "EXPIRE_TAKER",
    };

    public static string Status(OrderView o) => o.Status switch
    {
        OrderStatus.Open => "NEW",
        OrderStatus.PartiallyFilled => "PARTIALLY_FILLED",
        OrderStatus.Filled => "FILLED",
        OrderStatus.Rejected => "REJECTED",
        _ => o.Reason is OrderReasons.UserCanceled or OrderReasons.Replaced ? "CANCELED" : "EXPIRED",
    };

    public static string Type(OrderView o) => o.Type == OrderType.Market ? "MARKET" : o.PostOnly ? "LIMIT_MAKER" : "LIMIT";

    public static string Side(OrderSide side) => side == OrderSide.Buy ? "BUY" : "SELL";

    public static string TimeInForce(OrderView o) => o.TimeInForce switch
    {
        OrderBook.Engine.TimeInForce.Ioc => "IOC",
        OrderBook.Engine.TimeInForce.Fok => "FOK",
        _ => "GTC",
    };

    /// <summary>The ACK answer to a new order.</summary>
    public static Dictionary<string, object?> Ack(string symbol, OrderView o) => new()
    {
        ["symbol"] = symbol,
        ["orderId"] = o.OrderId,
        ["orderListId"] = -1,
        ["clientOrderId"] = o.ClientOrderId ?? "",
        ["transactTime"] = BinanceJson.Ms(o.CreatedAt),
    };

    /// <summary>The RESULT answer to a new order: ACK and the order's state.</summary>
    public static Dictionary<string, object?> Result(string symbol, OrderView o)
    {
        var answer = Ack(symbol, o);
        AddState(answer, o);
        answer["workingTime"] = BinanceJson.Ms(o.CreatedAt);
        answer["selfTradePreventionMode"] = Stp(o.Stp);
        return answer;
    }

    /// <summary>The FULL answer to a new order: RESULT and its fills, with the fee (commission) in the quote asset.</summary>
    public static Dictionary<string, object?> Full(string symbol, string quoteAsset, OrderView o, IReadOnlyList<OrderFill> fills)
    {
        var answer = Result(symbol, o);
        answer["fills"] = fills.Select(f => new Dictionary<string, object>
        {
            ["price"] = BinanceJson.Number(f.Price),
            ["qty"] = BinanceJson.Number(f.Quantity),
            ["commission"] = BinanceJson.Number(f.Fee),
            ["commissionAsset"] = quoteAsset,
            ["tradeId"] = f.TradeId,
        }).ToList();
        return answer;
    }

    /// <summary>An order as <c>GET order</c>, <c>openOrders</c> and <c>allOrders</c> answer it.</summary>
    public static Dictionary<string, object?> Query(string symbol, OrderView o)
    {
        var answer = new Dictionary<string, object?>
        {
            ["symbol"] = symbol,
            ["orderId"] = o.OrderId,
            ["orderListId"] = -1,
            ["clientOrderId"] = o.ClientOrderId ?? "",
        };
        AddState(answer, o);
        answer["stopPrice"] = "0";
        answer["icebergQty"] = "0";
        answer["time"] = BinanceJson.Ms(o.CreatedAt);
        answer["updateTime"] = BinanceJson.Ms(o.UpdatedAt);
        answer["isWorking"] = o.Status is OrderStatus.Open or OrderStatus.PartiallyFilled;
        answer["workingTime"] = BinanceJson.Ms(o.CreatedAt);
        answer["selfTradePreventionMode"] = Stp(o.Stp);
        return answer;
    }

    private static void AddState(Dictionary<string, object?> answer, OrderView o)
    {
        answer["price"] = BinanceJson.Number(o.Price ?? 0m);
        answer["origQty"] = BinanceJson.Number(o.Quantity);
        answer["executedQty"] = BinanceJson.Number(o.FilledQuantity);
        answer["cummulativeQuoteQty"] = BinanceJson.Number(o.FilledQuote);
        answer["status"] = Status(o);
        answer["timeInForce"] = TimeInForce(o);
        answer["type"] = Type(o);
        answer["side"] = Side(o.Side);
        answer["origQuoteOrderQty"] = BinanceJson.Number(o.Funds ?? 0m);
    }

    /// <summary>Binance's error for an order the engine refused (it stays recorded with status <c>REJECTED</c>).</summary>
    public static BinanceError Rejection(string? reason) => reason switch
    {
        OrderReasons.PriceOffTick or OrderReasons.InvalidPrice => BinanceError.Filter("PRICE_FILTER"),
        OrderReasons.QuantityOffLot or OrderReasons.InvalidQuantity => BinanceError.Filter("LOT_SIZE"),
        OrderReasons.BelowMinNotional or OrderReasons.AmountTooLarge => BinanceError.Filter("NOTIONAL"),
        OrderReasons.InsufficientFunds => BinanceError.Rejected("Account has insufficient balance for requested action."),
        OrderReasons.PostOnlyWouldTake => BinanceError.Rejected("Order would immediately match and take."),
        OrderReasons.DuplicateClientOrderId => BinanceError.Rejected("Duplicate order sent."),
        _ => BinanceError.Rejected($"Order rejected: {reason ?? "unknown reason"}."),
    };
}
