namespace MarketAnalytics.OrderBook.Engine;

/// <summary>A limit order has a price and may rest; a market order takes what the book offers now and never rests.</summary>
public enum OrderType : byte
{
    Limit = 1,
    Market = 2,
}
