using MarketAnalytics.Core;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>Drops, from a live reader's parsed messages, the records whose exchange time is outside <see cref="ValidTimes"/>'
/// range, counting and logging them.</summary>
/// <remarks>Such a record (a wrong clock, a broken frame) would sit in the aggregates or hold the current price for good; the
/// rest of the message is recorded. <see cref="Count"/> is the reader's <see cref="SourceStatus.DroppedRecords"/>; the log
/// line goes to the reader's own logger, whose category names the venue. Thread-safe.</remarks>
public sealed partial class OutOfRangeRecords(TimeProvider time, ILogger logger)
{
    private long _count;

    /// <summary>Records dropped so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Removes the out-of-range trades and quotes from the lists.</summary>
    public void Drop(List<Trade> trades, List<Quote> quotes)
    {
        var now = time.GetUtcNow().UtcDateTime;
        DateTime? first = null;
        var dropped = trades.RemoveAll(t => !Keep(t.Time)) + quotes.RemoveAll(q => !Keep(q.Time));
        if (dropped == 0) return;
        Interlocked.Add(ref _count, dropped);
        LogOutOfRange(logger, dropped, UtcTime.Format(first!.Value), ValidTimes.DescribeTradeRange(now));

        bool Keep(DateTime recordTime)
        {
            if (ValidTimes.IsTradeTime(recordTime, now)) return true;
            first ??= recordTime;
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} records of a frame whose exchange time (first {Time}) is outside the valid range {Range}")]
    private static partial void LogOutOfRange(ILogger logger, int count, string time, string range);
}
