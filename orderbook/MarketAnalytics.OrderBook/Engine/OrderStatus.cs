namespace MarketAnalytics.OrderBook.Engine;

/// <summary>The state of an order; <see cref="Filled"/>, <see cref="Canceled"/> and <see cref="Rejected"/> are final.</summary>
public enum OrderStatus : byte
{
    Open = 1,
    PartiallyFilled = 2,
    Filled = 3,
    Canceled = 4,
    Rejected = 5,
}
