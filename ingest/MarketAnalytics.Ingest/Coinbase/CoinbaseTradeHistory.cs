using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Parsing;
using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Ingest.Coinbase;

/// <summary>Coinbase Exchange's public trade history, <c>GET /products/{id}/trades</c>, read forwards from a trade id.</summary>
/// <remarks>Coinbase pages newest first: <c>after=X</c> answers the <c>limit</c> trades just older than trade id X. Its trade ids
/// count up by one per product, so the page after trade N is asked as <c>after=N+1+1000</c>, which holds ids N+1…N+1000; a page
/// whose newest id is below N+1000 reached the newest trade Coinbase has. Rows are <c>time</c>, <c>trade_id</c>, <c>price</c>,
/// <c>size</c> and <c>side</c>, the MAKER's side as on the feed, so the taker is the other side.</remarks>
public sealed class CoinbaseTradeHistory(HttpClient http, Uri restUrl) : ITradeHistory
{
    /// <summary>Trades per request, Coinbase's maximum.</summary>
    public const int PageSize = 1000;

    public string Venue => Venues.Coinbase;

    public async Task<TradePage> ReadAfterAsync(InstrumentId instrument, TradeCursor after, TradeCursor? until, CancellationToken ct)
    {
        if (!after.TradeId.TryGetNumber(out var afterId))
            throw new TradeHistoryException($"Coinbase trade ids are numbers, got '{after.TradeId}'", isTransient: false);
        var url = new Uri(restUrl, $"/products/{Uri.EscapeDataString(instrument.Symbol)}/trades?after={afterId + 1 + PageSize}&limit={PageSize}");
        var body = await TradeHistoryRequest.GetAsync(http, url, ct).ConfigureAwait(false);

        var trades = Parse(instrument, body, url);
        trades.Sort(static (a, b) => TradeOrder.Compare(a.Time, a.TradeId, b.Time, b.TradeId));
        var newest = trades.Count == 0 ? afterId : trades.Max(t => t.TradeId.TryGetNumber(out var id) ? id : afterId);
        return new TradePage(trades, HasMore: newest >= afterId + PageSize);
    }

    private static List<Trade> Parse(InstrumentId instrument, byte[] body, Uri url)
    {
        var trades = new List<Trade>();
        try
        {
            using var page = JsonDocument.Parse(body);
            if (page.RootElement.ValueKind != JsonValueKind.Array) throw Broken(url, "the answer is not a JSON array");
            foreach (var row in page.RootElement.EnumerateArray())
            {
                var id = Text(row, "trade_id");
                if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _)) throw Broken(url, $"trade_id '{id}' is not a number");
                if (!ExchangeTime.TryParseIso(System.Text.Encoding.UTF8.GetBytes(Text(row, "time")), out var time)) throw Broken(url, $"trade {id}: time is not valid");
                if (!ExactDecimal.TryParse(Text(row, "price"), out var price) || price <= 0) throw Broken(url, $"trade {id}: price is not valid");
                if (!ExactDecimal.TryParse(Text(row, "size"), out var size) || size <= 0) throw Broken(url, $"trade {id}: size is not valid");
                var taker = Text(row, "side") switch
                {
                    "sell" => TakerSide.Buy,
                    "buy" => TakerSide.Sell,
                    var other => throw Broken(url, $"trade {id}: side '{other}' is not buy or sell"),
                };
                if (!ExactDecimal.TryMultiply(price, size, out var quote)) throw Broken(url, $"trade {id}: price·size cannot be held exactly as a decimal");
                trades.Add(new Trade(instrument, id, time, price, size, quote, taker));
            }
        }
        catch (JsonException e)
        {
            throw new TradeHistoryException($"GET {url.PathAndQuery} answered invalid JSON: {e.Message}", isTransient: true, e);
        }
        return trades;
    }

    // A number or string field's text, as written (so no value passes through double); empty when missing.
    private static string Text(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText() : "";

    private static TradeHistoryException Broken(Uri url, string problem) => new($"GET {url.PathAndQuery}: {problem}", isTransient: false);
}
