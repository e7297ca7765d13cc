namespace MarketAnalytics.Api.Market;

/// <summary>What a push subscriber can ask for per instrument; spelled <c>trades</c>, <c>candles</c>, <c>prices</c>, <c>book</c>.</summary>
[Flags]
public enum MarketChannels
{
    None = 0,
    Trades = 1,
    Candles = 2,
    Prices = 4,
    /// <summary>Price-level changes of an internal market's order book.</summary>
    Book = 8,
}
