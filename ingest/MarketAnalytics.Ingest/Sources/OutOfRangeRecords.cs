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
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>Drops, from a live reader's frames, the records whose exchange time is outside <see cref="ValidTimes"/>' range,
/// counting and logging them.</summary>
/// <remarks>Such a record (a wrong clock, a broken frame) would sit in the aggregates or hold the current price for good; the
/// rest of the frame is recorded. <see cref="Count"/> is the reader's <see cref="SourceStatus.DroppedRecords"/>. Thread-safe.</remarks>
public sealed partial class OutOfRangeRecords(string venue, TimeProvider time, ILogger logger)
{
    private long _count;

    /// <summary>Records dropped so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Removes the out-of-range records from the lists.</summary>
    public void Drop(List<Trade> trades, List<Quote> quotes)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var dropped = trades.RemoveAll(t => !ValidTimes.IsTradeTime(t.Time, now)) + quotes.RemoveAll(q => !ValidTimes.IsTradeTime(q.Time, now));
        if (dropped == 0) return;
        Interlocked.Add(ref _count, dropped);
        LogOutOfRange(logger, dropped, venue, ValidTimes.DescribeTradeRange(now));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} {Venue} records whose exchange time is outside the valid range {Range}")]
    private static partial void LogOutOfRange(ILogger logger, int count, string venue, string range);
}
