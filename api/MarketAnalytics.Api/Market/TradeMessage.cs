namespace MarketAnalytics.Api.Market;

/// <summary>The data of a <c>trade</c> event; <see cref="Side"/> is the taker's side (<c>buy</c> or <c>sell</c>).</summary>
public sealed record TradeMessage(string Symbol, string TradeId, DateTime Time, decimal Price, decimal Quantity, decimal QuoteQuantity, string Side);
