namespace MarketAnalytics.OrderBook.Engine;

/// <summary>What became of a new order right after it was placed.</summary>
/// <remarks><see cref="OrderId"/> is 0 only when the user or market is unknown (no order is recorded then). The trades it made are
/// in <see cref="MatchingEngine.Fills"/> until the next command.</remarks>
public readonly record struct PlaceOutcome(long OrderId, OrderStatus Status, string? Reason);
