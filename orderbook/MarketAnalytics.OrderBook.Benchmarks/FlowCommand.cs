using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Benchmarks;

/// <summary>One command of the benchmark mix: a new order, a cancel, or a cancel followed by a new order of the same user.</summary>
public readonly record struct FlowCommand(FlowKind Kind, long CancelUser, long OrderId, GridOrder Order);
