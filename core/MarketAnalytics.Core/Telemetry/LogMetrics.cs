using System.Diagnostics.Metrics;

namespace MarketAnalytics.Core.Telemetry;

/// <summary>The durable log's instruments (meter <see cref="MeterNames.Log"/>), recorded by every log backend.</summary>
/// <remarks>Trades are counted where the log deduplicates them, per instrument, once per append; an append that fails after
/// counting (the write or the broker's acknowledgement) leaves its trades counted, and its retry counts them again.</remarks>
public static class LogMetrics
{
    private static readonly Meter Meter = new(MeterNames.Log);

    /// <summary>Trades written to the log, per venue and instrument.</summary>
    public static readonly Counter<long> TradesRecorded = Meter.CreateCounter<long>(
        "marketanalytics.trades.recorded", "{trade}", "Trades written to the log");

    /// <summary>Trades dropped because the log already held their (venue, symbol, trade id), per venue and instrument.</summary>
    public static readonly Counter<long> TradesDuplicate = Meter.CreateCounter<long>(
        "marketanalytics.trades.duplicates", "{trade}", "Trades dropped as already in the log");

    /// <summary>How long one append of trades or quotes took until durable, tagged <c>kind</c> (trades, quotes).</summary>
    public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram<double>(
        "marketanalytics.log.append.duration", "s", "Time for one append to become durable");

    /// <summary>Records per append, tagged <c>kind</c> (trades, quotes).</summary>
    public static readonly Histogram<long> AppendBatchSize = Meter.CreateHistogram<long>(
        "marketanalytics.log.append.batch_size", "{record}", "Records per append");

    /// <summary>Counts one instrument's share of an append.</summary>
    public static void RecordAppend(InstrumentId instrument, int recorded, int duplicates)
    {
        var tags = InstrumentTags.Of(instrument);
        if (recorded > 0) TradesRecorded.Add(recorded, tags);
        if (duplicates > 0) TradesDuplicate.Add(duplicates, tags);
    }
}
