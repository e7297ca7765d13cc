namespace MarketAnalytics.OrderBook.Engine;

/// <summary>A price level a command changed; its new total is read from the book after the command.</summary>
internal readonly record struct BookChange(int Market, OrderSide Side, long Price);
