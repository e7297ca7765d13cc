namespace MarketAnalytics.OrderBook.Service;

/// <summary>A trade on a market, without who made it.</summary>
public sealed record PublicTradeEvent(long Sequence, DateTime Time, PublicTrade Trade)
    : ExchangeEvent(Sequence, Time, null, Trade.Symbol);
