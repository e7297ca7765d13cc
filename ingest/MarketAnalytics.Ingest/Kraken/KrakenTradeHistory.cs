using System.Globalization;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Parsing;
using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Ingest.Kraken;

/// <summary>Kraken's public trade history, <c>GET /0/public/Trades?pair=…&amp;since=…</c>, read forwards by time.</summary>
/// <remarks>Kraken pages by time: <c>since</c> is a nanosecond timestamp (its answer's <c>last</c> is one too) and the answer
/// holds up to 1000 trades after it, oldest first, as rows <c>[price, volume, time, side, type, misc, trade_id]</c> (the
/// trade id is the same as WebSocket v2's <c>trade_id</c>; <c>side</c> is the taker's). Many trades share a timestamp (one
/// order filling several), so a page is asked from just before the last held trade's time and the filler skips what it holds.
/// REST times have one digit more than the WebSocket's microseconds; they are cut to microseconds so that a trade has the
/// same time whichever way it arrived. The pair is Kraken's REST name (<c>XBTUSD</c> for <c>BTC/USD</c>, see
/// <see cref="KrakenSymbols"/>). Kraken reports errors, rate limits included, in the body's <c>error</c> array.</remarks>
public sealed class KrakenTradeHistory(HttpClient http, Uri restUrl) : ITradeHistory
{
    /// <summary>Trades per request, Kraken's maximum.</summary>
    public const int PageSize = 1000;

    public string Venue => Venues.Kraken;

    public async Task<TradePage> ReadAfterAsync(InstrumentId instrument, TradeCursor after, TradeCursor? until, CancellationToken ct)
    {
        var since = (after.Time.Ticks - DateTime.UnixEpoch.Ticks) * 100 - 1;
        var url = new Uri(restUrl, $"/0/public/Trades?pair={Uri.EscapeDataString(KrakenSymbols.ToRestPair(instrument.Symbol))}&since={since}&count={PageSize}");
        var body = await TradeHistoryRequest.GetAsync(http, url, ct).ConfigureAwait(false);
        try
        {
            using var answer = JsonDocument.Parse(body);
            if (answer.RootElement.TryGetProperty("error", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var text = string.Join("; ", errors.EnumerateArray().Select(e => e.ToString()));
                // EAPI:Rate limit exceeded, EGeneral:Too many requests and EService:Unavailable/Busy pass; the rest will not.
                var transient = text.Contains("Rate limit", StringComparison.OrdinalIgnoreCase) || text.Contains("Too many", StringComparison.OrdinalIgnoreCase)
                    || text.Contains("EService", StringComparison.Ordinal);
                throw new TradeHistoryException($"GET {url.PathAndQuery}: Kraken answered {text}", transient);
            }
            if (!answer.RootElement.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
                throw Broken(url, "the answer has no result");
            var rows = result.EnumerateObject().FirstOrDefault(p => p.Name != "last").Value;
            if (rows.ValueKind != JsonValueKind.Array) throw Broken(url, "the result holds no trade array");
            var trades = new List<Trade>(rows.GetArrayLength());
            foreach (var row in rows.EnumerateArray()) trades.Add(ReadRow(instrument, row, url));
            return new TradePage(trades, HasMore: trades.Count >= PageSize);
        }
        catch (JsonException e)
        {
            throw new TradeHistoryException($"GET {url.PathAndQuery} answered invalid JSON: {e.Message}", isTransient: true, e);
        }
    }

    private static Trade ReadRow(InstrumentId instrument, JsonElement row, Uri url)
    {
        if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() < 7)
            throw Broken(url, $"a trade row is not [price, volume, time, side, type, misc, trade_id]: {Excerpt.Of(Encoding.UTF8.GetBytes(row.GetRawText()))}");
        var id = Text(row[6]);
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _)) throw Broken(url, $"trade_id '{id}' is not a number");
        if (!ExchangeTime.TryParseEpoch(Encoding.UTF8.GetBytes(Text(row[2])), out var time)) throw Broken(url, $"trade {id}: time '{Text(row[2])}' is not valid");
        time = new DateTime(time.Ticks - time.Ticks % 10, DateTimeKind.Utc);
        if (!ExactDecimal.TryParse(Text(row[0]), out var price) || price <= 0) throw Broken(url, $"trade {id}: price is not valid");
        if (!ExactDecimal.TryParse(Text(row[1]), out var volume) || volume <= 0) throw Broken(url, $"trade {id}: volume is not valid");
        var taker = Text(row[3]) switch
        {
            "b" => TakerSide.Buy,
            "s" => TakerSide.Sell,
            var other => throw Broken(url, $"trade {id}: side '{other}' is not b or s"),
        };
        if (!ExactDecimal.TryMultiply(price, volume, out var quote)) throw Broken(url, $"trade {id}: price·volume cannot be held exactly as a decimal");
        return new Trade(instrument, id, time, price, volume, quote, taker);
    }

    // A number's or string's text as written, so that no value passes through double.
    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static TradeHistoryException Broken(Uri url, string problem) => new($"GET {url.PathAndQuery}: {problem}", isTransient: false);
}
