using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.GapFill;

/// <summary>A venue's public REST trade history: individual trades with the same ids as its live stream, read in pages.</summary>
/// <remarks>Each venue implements it in its own folder (<c>Binance/BinanceTradeHistory.cs</c>, …) on an <see cref="HttpClient"/>
/// whose handler is the shared <see cref="RateLimitHandler"/>; the <see cref="GapFiller"/> is the only caller.</remarks>
public interface ITradeHistory
{
    /// <summary>The venue id (<see cref="Venues"/>) whose instruments this history serves.</summary>
    string Venue { get; }

    /// <summary>One page of trades of <paramref name="instrument"/> after <paramref name="after"/>, oldest first.</summary>
    /// <param name="after">The last trade already held (the first page starts at the newest stored trade); the page may repeat it
    /// or trades before it, which the filler skips.</param>
    /// <param name="until">The first live trade after the gap when known: a venue that pages backwards (newest first) starts there;
    /// a venue that pages forwards may ignore it. The page may go past it.</param>
    /// <returns>The page; <see cref="TradePage.HasMore"/> false when the venue has nothing after its last trade now.</returns>
    /// <exception cref="TradeHistoryException">The venue refused the request or answered something that is not a trade page.</exception>
    Task<TradePage> ReadAfterAsync(InstrumentId instrument, TradeCursor after, TradeCursor? until, CancellationToken ct);
}
