using System.Net;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Binance;

/// <summary>Binance's REST trade history (spot <c>/api/v3/historicalTrades</c>, USD-M <c>/fapi/v1/historicalTrades</c>): individual
/// trades with the stream's ids, paged forwards by <c>fromId</c>.</summary>
/// <remarks>
/// A page asks for the trades from the id after the cursor (<c>fromId</c> is inclusive) and holds at most
/// <see cref="BinanceMarket.PageSize"/>; a shorter page means the venue had nothing newer. A trade is
/// <c>{"id":…,"price":"…","qty":"…","quoteQty":"…","time":ms,"isBuyerMaker":bool}</c>; the quote quantity is computed as
/// <c>price·qty</c> exactly, as the stream parser does, so a filled trade is the stream's trade to the digit. USD-M's history
/// holds market trades only (no insurance-fund or ADL trades), so its ids have holes; the <see cref="GapFiller"/> matches by id.
/// </remarks>
public sealed class BinanceTradeHistory(BinanceMarket market, HttpClient http, Uri restUrl) : ITradeHistory
{
    public string Venue => market.Venue;

    public async Task<TradePage> ReadAfterAsync(InstrumentId instrument, TradeCursor after, TradeCursor? until, CancellationToken ct)
    {
        if (!after.TradeId.TryGetNumber(out var lastId))
            throw new TradeHistoryException($"Binance trade ids are numbers; cannot page after '{after.TradeId}'", isTransient: false);
        var url = new Uri(restUrl, $"{market.HistoryPath}?symbol={Uri.EscapeDataString(instrument.Symbol)}&limit={market.PageSize}&fromId={lastId + 1}");
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw Refusal(response.StatusCode, body, url);
        var trades = Parse(instrument, body, url);
        return new TradePage(trades, trades.Count >= market.PageSize);
    }

    private static List<Trade> Parse(InstrumentId instrument, byte[] body, Uri url)
    {
        try
        {
            using var page = JsonDocument.Parse(body);
            if (page.RootElement.ValueKind != JsonValueKind.Array) throw Malformed(url, "the answer is not a JSON array");
            var trades = new List<Trade>(page.RootElement.GetArrayLength());
            foreach (var item in page.RootElement.EnumerateArray()) trades.Add(TradeOf(instrument, item, url));
            return trades;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw Malformed(url, e.Message);
        }
    }

    private static Trade TradeOf(InstrumentId instrument, JsonElement item, Uri url)
    {
        var id = item.GetProperty("id").GetInt64();
        var price = Decimal(item, "price", url);
        var quantity = Decimal(item, "qty", url);
        if (price <= 0 || quantity <= 0) throw Malformed(url, $"trade {id} has price {price} and qty {quantity}");
        if (!ExchangeTime.TryFromUnixMilliseconds(item.GetProperty("time").GetInt64(), out var time)) throw Malformed(url, $"trade {id} has an invalid time");
        if (!ExactDecimal.TryMultiply(price, quantity, out var quote)) throw Malformed(url, $"trade {id}: price·qty cannot be held exactly as a decimal");
        var buyerIsMaker = item.GetProperty("isBuyerMaker").GetBoolean();
        return new Trade(instrument, TradeId.Of(id), time, price, quantity, quote, buyerIsMaker ? TakerSide.Sell : TakerSide.Buy);
    }

    private static decimal Decimal(JsonElement item, string name, Uri url)
    {
        var text = item.GetProperty(name).GetString() ?? "";
        return Utf8Number.TryParseDecimal(Encoding.UTF8.GetBytes(text), out var value)
            ? value
            : throw Malformed(url, $"{name} '{text}' is not an exact decimal");
    }

    private static TradeHistoryException Malformed(Uri url, string why) => new($"{url.AbsolutePath} answered something that is not a trade page: {why}", isTransient: false);

    private static TradeHistoryException Refusal(HttpStatusCode status, byte[] body, Uri url)
    {
        // Binance explains itself as {"code":-1121,"msg":"Invalid symbol."}.
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
        var transient = (int)status >= 500 || status is HttpStatusCode.TooManyRequests or (HttpStatusCode)418 or HttpStatusCode.RequestTimeout;
        return new TradeHistoryException($"{url.AbsolutePath} answered {(int)status} {status}: {text}", transient);
    }
}
