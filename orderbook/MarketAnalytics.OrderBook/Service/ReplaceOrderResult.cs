namespace MarketAnalytics.OrderBook.Service;

/// <summary>The answer to a cancel-replace: what happened to the old order and, when it was canceled, the new order's answer
/// (null otherwise: nothing changed).</summary>
public sealed record ReplaceOrderResult(CancelOrderResult Old, PlaceOrderResult? New);
