using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Ingest;

/// <summary>Records parsed trades and quotes: into the durable log first, then into the current-price cache.</summary>
/// <remarks>The one path by which both the live readers and the file importer write, so a replayed file and a live session
/// leave the same records. The log drops trades it already holds (reconnect replays, re-imported files) and counts them; the
/// price cache is updated only after the log has made the batch durable, so a price never shows a trade the log could lose.
/// The cache is given only what can change it: per instrument the newest market trade of each taker side and the newest quote,
/// the last of equals in batch order winning as it would in the cache, which keeps a 32k-record batch one small update.</remarks>
public sealed class MarketRecorder(IMarketLog log, IPriceCache prices)
{
    /// <summary>Writes one batch; the lists are read during the call only and may be reused afterwards.</summary>
    public async ValueTask<AppendResult> RecordAsync(IReadOnlyList<Trade> trades, IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        var appended = trades.Count > 0 ? await log.AppendTradesAsync(trades, ct).ConfigureAwait(false) : default;
        if (quotes.Count > 0) await log.AppendQuotesAsync(quotes, ct).ConfigureAwait(false);
        if (trades.Count > 0 || quotes.Count > 0) await prices.UpdateAsync(NewestTrades(trades), NewestQuotes(quotes), ct).ConfigureAwait(false);
        return appended;
    }

    private static List<Trade> NewestTrades(IReadOnlyList<Trade> trades)
    {
        var newest = new Dictionary<(InstrumentId, TakerSide), Trade>();
        foreach (var trade in trades)
        {
            if (!trade.IsMarket) continue;
            var key = (trade.Instrument, trade.Side);
            if (!newest.TryGetValue(key, out var held) || trade.Time >= held.Time) newest[key] = trade;
        }
        return [.. newest.Values];
    }

    private static List<Quote> NewestQuotes(IReadOnlyList<Quote> quotes)
    {
        var newest = new Dictionary<InstrumentId, Quote>();
        foreach (var quote in quotes)
            if (!newest.TryGetValue(quote.Instrument, out var held) || quote.Time >= held.Time) newest[quote.Instrument] = quote;
        return [.. newest.Values];
    }
}
