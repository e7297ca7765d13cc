namespace MarketAnalytics.OrderBook.Engine;

/// <summary>An order as users see it, in exact decimals.</summary>
/// <remarks><see cref="FilledQuantity"/> + <see cref="RemainingQuantity"/> + <see cref="CanceledQuantity"/> = <see cref="Quantity"/>
/// always, in the base asset. For an order sized by quantity <see cref="Quantity"/> is what was ordered. A market buy sized by
/// <see cref="Funds"/> (quote, fees included) was placed in the quote asset: its budget splits as <see cref="SpentFunds"/> (traded
/// notional + fees) + <see cref="RemainingFunds"/> + <see cref="CanceledFunds"/> = <see cref="Funds"/>, and its base
/// <see cref="Quantity"/> is what it bought, so it equals <see cref="FilledQuantity"/> with nothing remaining or canceled in base;
/// the three funds fields are null for orders sized by quantity.
/// <see cref="FilledQuote"/> is the notional traded and <see cref="Fees"/> the fees paid, both in the quote asset.
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
    decimal? SpentFunds,
    decimal? RemainingFunds,
    decimal? CanceledFunds,
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
