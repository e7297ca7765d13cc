using System.Globalization;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Parsing;
using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Ingest.Bitmex;

/// <summary>BitMEX's public trade history, <c>GET /api/v1/trade?symbol=…&amp;startTime=…&amp;count=1000&amp;start=…</c>, read
/// forwards by time and offset.</summary>
/// <remarks>BitMEX answers the trades at or after <c>startTime</c> (milliseconds), oldest first, <c>count</c> at most 1000,
/// skipping the first <c>start</c>; rows are the WebSocket's <c>trade</c> records (<c>trdMatchID</c> the same id), read by the
/// same <see cref="BitmexFrameParser"/>. A page starts at the last held trade's time, so it repeats the trades of that
/// millisecond, which the filler skips; when a whole page lies in that one millisecond (a liquidation can fill more than
/// 1000 trades at once) the next 1000 of it are asked with <c>start</c> until the page moves past it.</remarks>
public sealed class BitmexTradeHistory(HttpClient http, Uri restUrl) : ITradeHistory
{
    /// <summary>Trades per request, BitMEX's maximum.</summary>
    public const int PageSize = 1000;

    public string Venue => Venues.Bitmex;

    public async Task<TradePage> ReadAfterAsync(InstrumentId instrument, TradeCursor after, TradeCursor? until, CancellationToken ct)
    {
        var start = 0;
        while (true)
        {
            var trades = await ReadAsync(instrument, after.Time, start, ct).ConfigureAwait(false);
            var full = trades.Count >= PageSize;
            if (!full || trades.Exists(t => t.Time > after.Time)) return new TradePage(trades, HasMore: full);
            start += trades.Count;
        }
    }

    private async Task<List<Trade>> ReadAsync(InstrumentId instrument, DateTime startTime, int start, CancellationToken ct)
    {
        var time = startTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var url = new Uri(restUrl, $"/api/v1/trade?symbol={Uri.EscapeDataString(instrument.Symbol)}&startTime={Uri.EscapeDataString(time)}&count={PageSize}&start={start}&reverse=false");
        var body = await TradeHistoryRequest.GetAsync(http, url, ct).ConfigureAwait(false);

        // The rows are the realtime trade table's records: read them as an insert of that table, through the live parser.
        byte[] frame = [.. """{"table":"trade","action":"insert","data":"""u8, .. body, .. "}"u8];
        var trades = new List<Trade>();
        var parsed = new BitmexFrameParser().Parse(frame, trades, []);
        if (parsed.Kind != BitmexFrameKind.Trades)
            throw new TradeHistoryException($"GET {url.PathAndQuery} answered no trade rows: {parsed.Text ?? Excerpt.Of(body)}", isTransient: false);
        return trades;
    }
}
