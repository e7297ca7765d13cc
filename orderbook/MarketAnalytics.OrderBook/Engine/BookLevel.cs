namespace MarketAnalytics.OrderBook.Engine;

/// <summary>One price level of a book as the API shows it: price, total resting quantity and number of orders.</summary>
public readonly record struct BookLevel(decimal Price, decimal Quantity, int OrderCount);
