using System.Diagnostics.Metrics;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Telemetry;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>The ingest side's instruments (meter <see cref="MeterNames.Ingest"/>).</summary>
public static class IngestMetrics
{
    private static readonly Meter Meter = new(MeterNames.Ingest);

    /// <summary>Trades handed to the recorder (before the log drops duplicates), per venue and instrument.</summary>
    public static readonly Counter<long> TradesReceived = Meter.CreateCounter<long>(
        "marketanalytics.trades.received", "{trade}", "Trades read from sources and files, duplicates included");

    /// <summary>Quotes recorded, per venue and instrument.</summary>
    public static readonly Counter<long> QuotesReceived = Meter.CreateCounter<long>(
        "marketanalytics.quotes.received", "{quote}", "Quotes read from sources and files");

    /// <summary>Connections lost or failed, each followed by a reconnect, tagged <c>source</c> and <c>reason</c>.</summary>
    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>(
        "marketanalytics.source.reconnects", "{reconnect}", "Source connections lost or failed");

    /// <summary>1 while a source's connection is open, tagged <c>source</c>.</summary>
    public static readonly UpDownCounter<long> Connected = Meter.CreateUpDownCounter<long>(
        "marketanalytics.source.connected", "{connection}", "Open source connections");

    /// <summary>Trades a REST gap-fill recorded that the log did not hold yet, per venue and instrument.</summary>
    public static readonly Counter<long> GapFillTrades = Meter.CreateCounter<long>(
        "marketanalytics.gapfill.trades", "{trade}", "Trades recovered from venues' REST history after gaps in their streams");

    /// <summary>Gap-fills finished, tagged <c>source</c> and <c>outcome</c> (<c>met_live_stream</c>, <c>history_exhausted</c>,
    /// <c>nothing_stored</c>, <c>too_old</c>, <c>failed</c>).</summary>
    public static readonly Counter<long> GapFills = Meter.CreateCounter<long>(
        "marketanalytics.gapfill.fills", "{gap}", "Gap-fills finished, per outcome");

    /// <summary>Gaps left (partly) unfilled and reported, tagged <c>source</c> and <c>outcome</c> (<c>too_old</c>, <c>failed</c>).</summary>
    public static readonly Counter<long> UnfilledGaps = Meter.CreateCounter<long>(
        "marketanalytics.gapfill.unfilled", "{gap}", "Gaps in sources' streams that REST gap-fill did not fill");

    /// <summary>Counts what one batch received, per instrument; consecutive records of one instrument are counted together.</summary>
    public static void RecordBatch(IReadOnlyList<Trade> trades, IReadOnlyList<Quote> quotes)
    {
        var tradeRuns = new RunCounter(TradesReceived);
        foreach (ref readonly var trade in Batch.AsSpan(trades)) tradeRuns.Add(trade.Instrument);
        tradeRuns.Flush();
        var quoteRuns = new RunCounter(QuotesReceived);
        foreach (ref readonly var quote in Batch.AsSpan(quotes)) quoteRuns.Add(quote.Instrument);
        quoteRuns.Flush();
    }

    // Adds to a counter once per run of one instrument, so its tags are looked up per run rather than per record.
    private ref struct RunCounter(Counter<long> counter)
    {
        private InstrumentId _current;
        private long _run;

        public void Add(InstrumentId instrument)
        {
            if (_run > 0 && instrument != _current) Flush();
            _current = instrument;
            _run++;
        }

        public void Flush()
        {
            if (_run > 0) counter.Add(_run, InstrumentTags.Of(_current));
            _run = 0;
        }
    }
}
