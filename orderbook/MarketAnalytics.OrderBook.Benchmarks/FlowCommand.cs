using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Benchmarks;

/// <summary>One command of the benchmark mix: a new order, a cancel, or a cancel-replace of a resting order (<see cref="Order"/> then
/// carries the new price and quantity on the old order's side).</summary>
/// <remarks><see cref="Pick"/> (0–65535) chooses the user of a new order.</remarks>
public readonly record struct FlowCommand(FlowKind Kind, long CancelUser, long OrderId, GridOrder Order, int Pick);
