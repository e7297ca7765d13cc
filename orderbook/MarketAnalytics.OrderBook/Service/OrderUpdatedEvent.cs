using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>An order of the user changed (placed, filled, canceled, rejected); <see cref="Order"/> is its state after the command.</summary>
public sealed record OrderUpdatedEvent(long Sequence, DateTime Time, OrderView Order)
    : ExchangeEvent(Sequence, Time, Order.UserId, Order.Symbol);
