using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>One side of a trade, for the user who owned that side: what the order got and the fee it paid (quote asset).</summary>
public sealed record FillEvent(
    long Sequence,
    DateTime Time,
    long User,
    string Market,
    long TradeId,
    long OrderId,
    OrderSide Side,
    bool IsMaker,
    decimal Price,
    decimal Quantity,
    decimal Fee)
    : ExchangeEvent(Sequence, Time, User, Market);
