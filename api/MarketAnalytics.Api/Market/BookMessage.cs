namespace MarketAnalytics.Api.Market;

/// <summary>The data of a <c>book</c> event: one price level of an internal market after a change (quantity 0: the level is gone);
/// <see cref="Sequence"/> is the exchange's event sequence, comparable with <c>/api/v1/orderbook</c>'s.</summary>
public sealed record BookMessage(string Symbol, string Side, decimal Price, decimal Quantity, int OrderCount, DateTime Time, long Sequence);
