namespace MarketAnalytics.OrderBook.Engine;

/// <summary>What happens when an incoming order would trade with a resting order of the same user; the incoming order's mode decides.</summary>
/// <remarks><see cref="Decrement"/> reduces both orders by the smaller remaining quantity without a trade (the reduction counts as
/// canceled quantity). A market buy sized by funds has no quantity to decrement and behaves as <see cref="CancelNewest"/>.</remarks>
public enum SelfTradePrevention : byte
{
    CancelNewest = 1,
    CancelOldest = 2,
    CancelBoth = 3,
    Decrement = 4,
}
