using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>The answer to a cancel: the outcome and, unless the order is unknown or someone else's, the order after it.</summary>
public sealed record CancelOrderResult(CancelOutcome Outcome, OrderView? Order);
