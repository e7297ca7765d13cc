using System.Text;
using System.Text.Json;
using MarketAnalytics.Api.Endpoints;
using MarketAnalytics.Api.Market;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>A hub event as Binance's stream payload: <c>trade</c>, <c>kline</c> or <c>bookTicker</c>, amounts as strings.</summary>
/// <remarks>A kline's <c>f</c>/<c>L</c> are its first and last trade ids when the venue's ids are numbers, -1 otherwise (BitMEX
/// UUIDs); <c>B</c> is Binance's ignored field, <c>"0"</c>. A bookTicker's <c>u</c> is the hub's event id, and a price without both a
/// bid and an ask has no bookTicker.</remarks>
internal static class BinanceStreamPayload
{
    /// <summary>The payload of <paramref name="e"/> for <paramref name="stream"/> (wrapped as <c>{"stream", "data"}</c> when
    /// <paramref name="combined"/>), or null when the event has none.</summary>
    public static string? Of(MarketEvent e, BinanceStream stream, long nowMs, bool combined)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (combined)
            {
                json.WriteStartObject();
                json.WriteString("stream", stream.Name);
                json.WritePropertyName("data");
            }
            var written = e.Data switch
            {
                TradeMessage t => Trade(json, t, stream.Symbol, nowMs),
                CandleMessage c => Kline(json, c, stream.Symbol, nowMs),
                PriceEndpoints.PriceResponse p => BookTicker(json, p, stream.Symbol, e.Id),
                _ => false,
            };
            if (!written) return null;
            if (combined) json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static bool Trade(Utf8JsonWriter json, TradeMessage t, string symbol, long nowMs)
    {
        json.WriteStartObject();
        json.WriteString("e", "trade");
        json.WriteNumber("E", nowMs);
        json.WriteString("s", symbol);
        Id(json, "t", t.TradeId);
        json.WriteString("p", BinanceJson.Number(t.Price));
        json.WriteString("q", BinanceJson.Number(t.Quantity));
        json.WriteNumber("T", BinanceJson.Ms(t.Time));
        json.WriteBoolean("m", t.Side == "sell");
        json.WriteBoolean("M", true);
        json.WriteEndObject();
        return true;
    }

    private static bool Kline(Utf8JsonWriter json, CandleMessage c, string symbol, long nowMs)
    {
        if (!Core.CandleInterval.TryParse(c.Interval, out var interval)) return false;
        json.WriteStartObject();
        json.WriteString("e", "kline");
        json.WriteNumber("E", nowMs);
        json.WriteString("s", symbol);
        json.WriteStartObject("k");
        json.WriteNumber("t", BinanceJson.Ms(c.OpenTime));
        json.WriteNumber("T", BinanceJson.Ms(c.OpenTime + interval.Duration) - 1);
        json.WriteString("s", symbol);
        json.WriteString("i", c.Interval);
        json.WriteNumber("f", NumericId(c.FirstTradeId));
        json.WriteNumber("L", NumericId(c.LastTradeId));
        json.WriteString("o", BinanceJson.Number(c.Open));
        json.WriteString("c", BinanceJson.Number(c.Close));
        json.WriteString("h", BinanceJson.Number(c.High));
        json.WriteString("l", BinanceJson.Number(c.Low));
        json.WriteString("v", BinanceJson.Number(c.Volume));
        json.WriteNumber("n", c.Trades);
        json.WriteBoolean("x", c.Closed);
        json.WriteString("q", BinanceJson.Number(c.QuoteVolume));
        json.WriteString("V", BinanceJson.Number(c.TakerBuyVolume));
        json.WriteString("Q", BinanceJson.Number(c.TakerBuyQuoteVolume));
        json.WriteString("B", "0");
        json.WriteEndObject();
        json.WriteEndObject();
        return true;
    }

    private static bool BookTicker(Utf8JsonWriter json, PriceEndpoints.PriceResponse p, string symbol, long eventId)
    {
        if (p is not { BidPrice: { } bid, AskPrice: { } ask }) return false;
        json.WriteStartObject();
        json.WriteNumber("u", eventId);
        json.WriteString("s", symbol);
        json.WriteString("b", BinanceJson.Number(bid));
        json.WriteString("B", BinanceJson.Number(p.BidSize ?? 0m));
        json.WriteString("a", BinanceJson.Number(ask));
        json.WriteString("A", BinanceJson.Number(p.AskSize ?? 0m));
        json.WriteEndObject();
        return true;
    }

    private static void Id(Utf8JsonWriter json, string name, string id)
    {
        if (BinanceJson.TradeId(id) is long number) json.WriteNumber(name, number);
        else json.WriteString(name, id);
    }

    private static long NumericId(Core.TradeId id) => BinanceJson.TradeId(id) is long number ? number : -1;
}
