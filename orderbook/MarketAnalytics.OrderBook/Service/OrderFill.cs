namespace MarketAnalytics.OrderBook.Service;

/// <summary>A trade an order just made, from that order's side: price, base quantity and the fee it paid (quote asset).</summary>
public sealed record OrderFill(long TradeId, decimal Price, decimal Quantity, decimal Fee);
