using System.Globalization;
using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;

namespace MarketAnalytics.Ingest.Okx;

/// <summary>OKX's public trade history, <c>GET /api/v5/market/history-trades?instId=…&amp;type=1&amp;after=…</c>.</summary>
/// <remarks>
/// OKX pages backwards only: with <c>type=1</c>, <c>after=ID</c> answers the (at most 100) trades with ids below ID, newest
/// first; trade ids are numbers counting up per instrument, the same as <c>tradeId</c> on the <c>trades-all</c> stream. So one
/// read walks back from the first live trade after the gap (<c>after = its id + 1</c>, so that trade is included and the
/// filler meets the stream), or from the newest trade when there is none yet, until a page reaches the last stored trade or
/// OKX has nothing older (it keeps three months), and hands the whole gap over oldest first. Contract sizes become base
/// quantities through <see cref="OkxContractValues"/>; an inverse contract is refused with the reason.
/// </remarks>
public sealed class OkxTradeHistory : ITradeHistory
{
    /// <summary>OKX's largest page.</summary>
    public const int PageSize = 100;

    private readonly HttpClient _http;
    private readonly Uri _restUrl;
    private readonly OkxContractValues _contracts;
    private readonly OkxFrameParser _parser;
    private readonly Lock _parserGate = new();
    private readonly int _maxPages;

    /// <param name="maxPages">Pages walked back per read at most; a longer gap is refused (the filler reports it) rather than
    /// held in memory whole.</param>
    public OkxTradeHistory(HttpClient http, Uri restUrl, OkxContractValues contracts, int maxPages = 10_000)
    {
        _http = http;
        _restUrl = restUrl;
        _contracts = contracts;
        _parser = new OkxFrameParser(contracts.Values);
        _maxPages = maxPages;
    }

    public string Venue => Venues.Okx;

    public async Task<TradePage> ReadAfterAsync(InstrumentId instrument, TradeCursor after, TradeCursor? until, CancellationToken ct)
    {
        var instId = instrument.Symbol;
        await _contracts.EnsureAsync([instId], ct).ConfigureAwait(false);
        if (_contracts.RefusalOf(instId) is { } refusal) throw new TradeHistoryException(refusal, false);

        string? before = until is { } live && live.TradeId.TryGetNumber(out var liveId)
            ? (liveId + 1).ToString(CultureInfo.InvariantCulture)
            : null;
        var gap = new List<Trade>();
        for (var pages = 0; ; pages++)
        {
            if (pages == _maxPages)
                throw new TradeHistoryException($"walked back {pages} pages of {instrument} without reaching the last stored trade {after}", false);
            var page = await ReadPageAsync(instId, before, ct).ConfigureAwait(false);
            if (page.Count == 0) break;
            var reached = false;
            foreach (var trade in page)
            {
                if (after.IsBefore(trade)) gap.Add(trade);
                else reached = true;
            }
            if (reached || page.Count < PageSize) break;
            before = page[^1].TradeId.ToString();
        }
        gap.Sort(static (a, b) => TradeOrder.Compare(a.Time, a.TradeId, b.Time, b.TradeId));
        return new TradePage(gap, HasMore: false);
    }

    // One page, newest first as OKX gives it.
    private async Task<List<Trade>> ReadPageAsync(string instId, string? before, CancellationToken ct)
    {
        var query = $"/api/v5/market/history-trades?instId={Uri.EscapeDataString(instId)}&type=1&limit={PageSize}";
        if (before is not null) query += $"&after={before}";
        var url = new Uri(_restUrl, query);
        using var response = await _http.GetAsync(url, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        var data = OkxRest.Data(url, response, body);
        var trades = new List<Trade>(data.GetArrayLength());
        lock (_parserGate)
        {
            var index = 0;
            foreach (var row in data.EnumerateArray())
            {
                var problem = _parser.AddTrade(index++, Bytes(row, "tradeId"), Bytes(row, "ts"), Bytes(row, "instId"), Bytes(row, "side"),
                    Bytes(row, "px"), Bytes(row, "sz"), trades);
                if (problem is not null) throw new TradeHistoryException($"GET {url.PathAndQuery}: {problem}", false);
            }
        }
        return trades;
    }

    private static byte[] Bytes(System.Text.Json.JsonElement row, string name) => Encoding.UTF8.GetBytes(OkxRest.Text(row, name) ?? "");
}
