using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Benchmarks;

/// <summary>One command of the benchmark mix: a new order, a cancel, or a cancel-replace of a resting order (<see cref="Order"/> then
/// carries the new price and quantity on the old order's side).</summary>
public readonly record struct FlowCommand(FlowKind Kind, long CancelUser, long OrderId, GridOrder Order);
