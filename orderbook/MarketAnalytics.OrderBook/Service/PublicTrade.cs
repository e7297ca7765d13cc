using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>A trade as the public sees it: price, base quantity, quote quantity (price × quantity), taker side, time (UTC).</summary>
public sealed record PublicTrade(long TradeId, string Symbol, decimal Price, decimal Quantity, decimal QuoteQuantity, OrderSide TakerSide, DateTime Time);
