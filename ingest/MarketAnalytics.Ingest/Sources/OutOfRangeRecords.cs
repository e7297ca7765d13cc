using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>Drops the records of a parsed message whose exchange time lies outside <see cref="ValidTimes"/>' range (a wrong
/// clock, a broken frame), which would otherwise sit in the aggregates or hold the current price for good.</summary>
internal static class OutOfRangeRecords
{
    /// <summary>Removes such trades and quotes from the lists; returns how many, and the first one's time.</summary>
    public static int Drop(List<Trade> trades, List<Quote> quotes, DateTime now, out DateTime? first)
    {
        DateTime? seen = null;
        var dropped = trades.RemoveAll(t => !Keep(t.Time)) + quotes.RemoveAll(q => !Keep(q.Time));
        first = seen;
        return dropped;

        bool Keep(DateTime time)
        {
            if (ValidTimes.IsTradeTime(time, now)) return true;
            seen ??= time;
            return false;
        }
    }
}
