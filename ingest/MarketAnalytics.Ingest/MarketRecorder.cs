using System.Diagnostics;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Core.Telemetry;
using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Ingest;

/// <summary>Records parsed trades and quotes: into the durable log first, then into the current-price cache.</summary>
/// <remarks>The one path by which both the live readers and the file importer write, so a replayed file and a live session
/// leave the same records. The log drops trades it already holds (reconnect replays, re-imported files) and counts them; the
/// price cache is updated only after the log has made the batch durable, so a price never shows a trade the log could lose.
/// The cache is given only what can change it: per instrument the newest market trade of each taker side and the newest quote,
/// the last of equals in batch order winning as it would in the cache, which keeps a 32k-record batch one small update. A record
/// whose exchange time is ahead of <paramref name="clock"/> by more than <see cref="ValidTimes.PriceTimeAhead"/> is logged but
/// never becomes the current price, so one record from a wrong clock cannot hold a price still. The optional observer (the
/// API's market push) hears of each batch last, so it only ever shows what is durable.</remarks>
public sealed class MarketRecorder(IMarketLog log, IPriceCache prices, TimeProvider clock, IRecordingObserver? observer = null)
{
    /// <summary>Writes one batch; the lists are read during the call only and may be reused afterwards.</summary>
    public async ValueTask<AppendResult> RecordAsync(IReadOnlyList<Trade> trades, IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        IngestMetrics.RecordBatch(trades, quotes);
        AppendResult appended = default;
        if (trades.Count > 0)
        {
            var started = Stopwatch.GetTimestamp();
            appended = await log.AppendTradesAsync(trades, ct).ConfigureAwait(false);
            RecordAppend(TradesTag, trades.Count, started);
        }
        if (quotes.Count > 0)
        {
            var started = Stopwatch.GetTimestamp();
            await log.AppendQuotesAsync(quotes, ct).ConfigureAwait(false);
            RecordAppend(QuotesTag, quotes.Count, started);
        }
        if (trades.Count > 0 || quotes.Count > 0)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await prices.UpdateAsync(NewestTrades(trades, now), NewestQuotes(quotes, now), ct).ConfigureAwait(false);
            observer?.OnRecorded(trades, appended, quotes);
        }
        return appended;
    }

    private static readonly KeyValuePair<string, object?>[] TradesTag = [new("kind", "trades")];
    private static readonly KeyValuePair<string, object?>[] QuotesTag = [new("kind", "quotes")];

    private static void RecordAppend(KeyValuePair<string, object?>[] kind, int records, long started)
    {
        LogMetrics.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kind);
        LogMetrics.AppendBatchSize.Record(records, kind);
    }

    /// <summary>Per instrument and taker side the newest market trade that may become the current price at <paramref name="now"/>.</summary>
    public static List<Trade> NewestTrades(IReadOnlyList<Trade> trades, DateTime now)
    {
        // A batch is nearly always long runs of one instrument: the positions of the run's newest buy and sell are kept in locals
        // and go into the dictionary when the instrument changes, so the two strings of an id are hashed per run instead of per
        // trade (that hashing was a twentieth of an import's time).
        var newest = new Dictionary<(InstrumentId, TakerSide), Trade>();
        var all = Batch.AsSpan(trades);
        int buy = -1, sell = -1;
        for (var i = 0; i < all.Length; i++)
        {
            ref readonly var trade = ref all[i];
            if (!trade.IsMarket || !ValidTimes.IsPriceTime(trade.Time, now)) continue;
            var runStart = buy >= 0 ? buy : sell;
            if (runStart >= 0 && trade.Instrument != all[runStart].Instrument)
            {
                Keep(newest, all, buy);
                Keep(newest, all, sell);
                (buy, sell) = (-1, -1);
            }
            ref var held = ref trade.Side == TakerSide.Buy ? ref buy : ref sell;
            if (held < 0 || trade.Time >= all[held].Time) held = i;
        }
        Keep(newest, all, buy);
        Keep(newest, all, sell);
        return [.. newest.Values];

        static void Keep(Dictionary<(InstrumentId, TakerSide), Trade> newest, ReadOnlySpan<Trade> trades, int at)
        {
            if (at < 0) return;
            var trade = trades[at];
            var key = (trade.Instrument, trade.Side);
            if (!newest.TryGetValue(key, out var held) || trade.Time >= held.Time) newest[key] = trade;
        }
    }

    /// <summary>Per instrument the newest quote that may become the current price at <paramref name="now"/>.</summary>
    public static List<Quote> NewestQuotes(IReadOnlyList<Quote> quotes, DateTime now)
    {
        // Runs of one instrument are folded by position first, as for trades.
        var newest = new Dictionary<InstrumentId, Quote>();
        var all = Batch.AsSpan(quotes);
        var best = -1;
        for (var i = 0; i < all.Length; i++)
        {
            ref readonly var quote = ref all[i];
            if (!ValidTimes.IsPriceTime(quote.Time, now)) continue;
            if (best >= 0 && quote.Instrument != all[best].Instrument)
            {
                Keep(newest, all[best]);
                best = -1;
            }
            if (best < 0 || quote.Time >= all[best].Time) best = i;
        }
        if (best >= 0) Keep(newest, all[best]);
        return [.. newest.Values];

        static void Keep(Dictionary<InstrumentId, Quote> newest, Quote quote)
        {
            if (!newest.TryGetValue(quote.Instrument, out var held) || quote.Time >= held.Time) newest[quote.Instrument] = quote;
        }
    }
}
