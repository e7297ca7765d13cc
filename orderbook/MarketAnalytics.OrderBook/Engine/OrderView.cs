namespace MarketAnalytics.OrderBook.Engine;

/// <summary>An order as users see it, in exact decimals.</summary>
/// <remarks><see cref="Quantity"/> is the original quantity (0 for a market buy sized by <see cref="Funds"/>);
/// <see cref="FilledQuantity"/> + <see cref="RemainingQuantity"/> + <see cref="CanceledQuantity"/> = <see cref="Quantity"/> for orders
/// sized by quantity. <see cref="FilledQuote"/> is the notional traded and <see cref="Fees"/> the fees paid, both in the quote asset.
/// <see cref="Blocked"/> is what the order still blocks (quote for buys, base for sells). Times are UTC.</remarks>
public sealed record OrderView(
    long OrderId,
    long UserId,
    string Symbol,
    OrderSide Side,
    OrderType Type,
    decimal? Price,
    decimal Quantity,
    decimal? Funds,
    TimeInForce TimeInForce,
    bool PostOnly,
    SelfTradePrevention Stp,
    string? ClientOrderId,
    OrderStatus Status,
    string? Reason,
    decimal FilledQuantity,
    decimal RemainingQuantity,
    decimal CanceledQuantity,
    decimal FilledQuote,
    decimal Fees,
    decimal Blocked,
    DateTime CreatedAt,
    DateTime UpdatedAt);
