using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>The answer to a new order: its id and state after matching, and the trades it made as taker.</summary>
/// <remarks><see cref="Order"/> is null (and <see cref="OrderId"/> 0) only for an unknown user or market; every other rejection is a
/// recorded order with status rejected and a <see cref="Reason"/>.</remarks>
public sealed record PlaceOrderResult(long OrderId, OrderStatus Status, string? Reason, OrderView? Order, IReadOnlyList<OrderFill> Trades);
