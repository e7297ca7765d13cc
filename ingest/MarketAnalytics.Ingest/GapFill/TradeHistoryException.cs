namespace MarketAnalytics.Ingest.GapFill;

/// <summary>A venue's REST history could not give a page: an error status, or a body that is not a trade page.</summary>
/// <param name="message">What went wrong, with the venue's own words where it gave any.</param>
/// <param name="isTransient">Worth asking again later (a server error, a time-out); false for a request the venue will refuse
/// again (an unknown symbol, a removed endpoint).</param>
public sealed class TradeHistoryException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    public bool IsTransient { get; } = isTransient;
}
