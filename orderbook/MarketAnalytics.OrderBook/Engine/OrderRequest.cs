namespace MarketAnalytics.OrderBook.Engine;

/// <summary>A new order as a user sends it, in exact decimals; the engine checks it against the market's grid.</summary>
/// <remarks>A limit order needs <see cref="Price"/> and <see cref="Quantity"/>; a market sell needs <see cref="Quantity"/>; a market buy
/// needs <see cref="Funds"/>, the quote budget including fees. Absent values are null.</remarks>
public sealed record OrderRequest(
    string Symbol,
    OrderSide Side,
    OrderType Type,
    decimal? Price,
    decimal? Quantity,
    decimal? Funds = null,
    TimeInForce TimeInForce = TimeInForce.Gtc,
    bool PostOnly = false,
    string? ClientOrderId = null,
    SelfTradePrevention Stp = SelfTradePrevention.CancelNewest);
