namespace MarketAnalytics.OrderBook.Engine;

/// <summary>Whether an order buys or sells the base asset.</summary>
public enum OrderSide : byte
{
    Buy = 1,
    Sell = 2,
}
