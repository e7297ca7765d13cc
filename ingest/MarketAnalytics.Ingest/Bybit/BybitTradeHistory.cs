using System.Net;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Bybit;

/// <summary>Bybit's public recent trades, <c>GET /v5/market/recent-trade?category=…&amp;symbol=…&amp;limit=…</c>.</summary>
/// <remarks>
/// Bybit has no public trade history beyond this one page: the newest <see cref="PageSizeOf"/> trades (1000 for linear
/// contracts, 60 for spot), with <c>execId</c> the same id as the stream's <c>i</c>. A read answers the trades after the last
/// stored one that the page holds, oldest first. When the page does not reach back to the last stored trade (it is full and
/// every trade in it is newer), the trades before its oldest are beyond Bybit's REST API: the page says so
/// (<see cref="TradePage.Unreachable"/>) and the filler reports the gap as not filled after recording what there is.
/// </remarks>
/// <param name="pageSize">Trades asked for; Bybit's largest page for the category (<see cref="PageSizeOf"/>) unless given. A page
/// shorter than this is taken as everything Bybit has.</param>
public sealed class BybitTradeHistory(HttpClient http, Uri restUrl, string category, int? pageSize = null) : ITradeHistory
{
    private readonly BybitFrameParser _parser = new();
    private readonly Lock _parserGate = new();

    public string Venue => Venues.Bybit;

    /// <summary>The most trades <c>recent-trade</c> answers for a category.</summary>
    public static int PageSizeOf(string category) => category == "spot" ? 60 : 1000;

    public async Task<TradePage> ReadAfterAsync(InstrumentId instrument, TradeCursor after, TradeCursor? until, CancellationToken ct)
    {
        var limit = pageSize ?? PageSizeOf(category);
        var url = new Uri(restUrl, $"/v5/market/recent-trade?category={category}&symbol={Uri.EscapeDataString(instrument.Symbol)}&limit={limit}");
        using var response = await http.GetAsync(url, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        var page = Parse(url, response, body);

        var newer = page.FindAll(trade => after.IsBefore(trade));
        newer.Sort(static (a, b) => TradeOrder.Compare(a.Time, a.TradeId, b.Time, b.TradeId));
        var reachesBack = newer.Count < page.Count || page.Count < limit;
        return new TradePage(newer, HasMore: false)
        {
            Unreachable = reachesBack ? null
                : $"Bybit's recent-trade page ({limit} trades) reaches back only to {TradeCursor.Of(newer[0])}; the trades between the last stored one and it cannot be had over REST",
        };
    }

    private List<Trade> Parse(Uri url, HttpResponseMessage response, byte[] body)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            throw new TradeHistoryException($"GET {url.PathAndQuery} answered {(int)response.StatusCode} with a body that is not JSON: '{Excerpt.Of(body)}'",
                (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.Forbidden, e);
        }
        var code = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("retCode", out var retCode) ? retCode.GetRawText() : null;
        if (response.StatusCode != HttpStatusCode.OK || code != "0")
        {
            // 10006 is Bybit's "too many visits"; 403 its IP rate limit; both pass with time.
            var transient = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.Forbidden || code is "10006" or "10016";
            var message = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("retMsg", out var retMsg) ? retMsg.ToString() : Excerpt.Of(body);
            throw new TradeHistoryException($"GET {url.PathAndQuery} answered {(int)response.StatusCode}, retCode {code}: {message}", transient);
        }
        if (!root.TryGetProperty("result", out var result) || !result.TryGetProperty("list", out var list) || list.ValueKind != JsonValueKind.Array)
            throw new TradeHistoryException($"GET {url.PathAndQuery} answered without result.list", false);

        var trades = new List<Trade>(list.GetArrayLength());
        lock (_parserGate)
        {
            var index = 0;
            foreach (var row in list.EnumerateArray())
            {
                var problem = _parser.AddTrade(index++, Bytes(row, "execId"), Bytes(row, "time"), Bytes(row, "symbol"), Bytes(row, "side"),
                    Bytes(row, "price"), Bytes(row, "size"), trades);
                if (problem is not null) throw new TradeHistoryException($"GET {url.PathAndQuery}: {problem}", false);
            }
        }
        return trades;
    }

    private static byte[] Bytes(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? Encoding.UTF8.GetBytes(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText())
            : [];
}
