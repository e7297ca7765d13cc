using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>The top of a market's book, best first, as of the event <see cref="Sequence"/> (book changes after it come as events).</summary>
public sealed record OrderBookSnapshot(string Symbol, IReadOnlyList<BookLevel> Bids, IReadOnlyList<BookLevel> Asks, long Sequence);
