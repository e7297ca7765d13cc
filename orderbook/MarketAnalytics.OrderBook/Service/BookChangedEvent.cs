using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>A price level of a market's book after a command changed it; quantity 0 and count 0 mean the level is gone.</summary>
public sealed record BookChangedEvent(long Sequence, DateTime Time, string Market, OrderSide Side, BookLevel Level)
    : ExchangeEvent(Sequence, Time, null, Market);
