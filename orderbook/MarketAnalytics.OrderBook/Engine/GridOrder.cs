namespace MarketAnalytics.OrderBook.Engine;

/// <summary>A new order already on the market's grid: price in ticks, quantity in lots, funds in quote units (10⁻⁸).</summary>
/// <remarks>Zero means "absent" for <see cref="Price"/>, <see cref="Lots"/> and <see cref="Funds"/>.</remarks>
public readonly record struct GridOrder(
    int Market,
    OrderSide Side,
    OrderType Type,
    long Price,
    long Lots,
    long Funds,
    TimeInForce TimeInForce = TimeInForce.Gtc,
    bool PostOnly = false,
    SelfTradePrevention Stp = SelfTradePrevention.CancelNewest,
    string? ClientOrderId = null);
