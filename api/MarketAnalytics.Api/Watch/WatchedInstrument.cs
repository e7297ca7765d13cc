using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Core;

namespace MarketAnalytics.Api.Watch;

/// <summary>What <c>watch</c> shows of one instrument: last price, bid/ask, the forming candle and the trades of the last minute.</summary>
/// <remarks>Fed first from the REST API (current price, newest candles), then from push messages. Trades per minute counts the
/// pushed trades whose exchange time lies within a minute of the newest one; before the first pushed trade it is the newest
/// 1-minute candle's count.</remarks>
internal sealed class WatchedInstrument(string symbol)
{
    private readonly Queue<DateTime> _recentTrades = new();
    private long? _minuteCandleTrades;

    public string Symbol { get; } = symbol;
    public decimal? Last { get; private set; }
    public decimal? Bid { get; private set; }
    public decimal? Ask { get; private set; }
    public JsonElement? Candle { get; private set; }
    public DateTime? UpdatedAt { get; private set; }

    public long TradesPerMinute => _recentTrades.Count > 0 ? _recentTrades.Count : _minuteCandleTrades ?? 0;

    public void ApplyPrice(JsonElement price)
    {
        Bid = Decimal(price, "bid_price") ?? Bid;
        Ask = Decimal(price, "ask_price") ?? Ask;
        UpdatedAt = price.GetProperty("updated_at").GetDateTime();
    }

    /// <summary>A candle of the watched interval (from REST or pushed); the newest window wins.</summary>
    public void ApplyCandle(JsonElement candle)
    {
        if (Candle is { } held && held.GetProperty("open_time").GetDateTime() > candle.GetProperty("open_time").GetDateTime()) return;
        Candle = candle;
        Last ??= Decimal(candle, "close");
    }

    public void ApplyMinuteCandle(JsonElement candle) => _minuteCandleTrades = candle.GetProperty("trades").GetInt64();

    public void ApplyTrade(JsonElement trade)
    {
        var time = trade.GetProperty("time").GetDateTime();
        Last = trade.GetProperty("price").GetDecimal();
        UpdatedAt = time;
        _recentTrades.Enqueue(time);
        while (_recentTrades.Peek() <= time.AddMinutes(-1)) _recentTrades.Dequeue();
    }

    /// <summary>One plain line (for output that is not a terminal).</summary>
    public string Line(CandleInterval interval)
    {
        var candle = Candle is { } c
            ? $"{interval} {c.GetProperty("open_time").GetDateTime():HH:mm} O {c.GetProperty("open")} H {c.GetProperty("high")} L {c.GetProperty("low")} " +
              $"C {c.GetProperty("close")} V {c.GetProperty("volume")}{(c.TryGetProperty("closed", out var closed) && closed.GetBoolean() ? " closed" : "")}"
            : $"{interval} –";
        return $"{Symbol} last {Show(Last)} bid {Show(Bid)} ask {Show(Ask)} candle {candle} trades/min {TradesPerMinute}";
    }

    public static string Show(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";

    private static decimal? Decimal(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;
}
