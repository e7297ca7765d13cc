using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.OrderBook.Service;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>A user's fills in one market, read from the <c>fill</c> events of the log's <c>orders</c> topic (the exchange's durable
/// record of them), after waiting for the log to hold every fill the exchange has answered.</summary>
/// <remarks>The topic is read from its start and filtered, so the time grows with the market's history; the engine keeps no
/// per-user trade history of its own to ask instead.</remarks>
internal sealed class UserFills(IEventLog events, ExchangeService exchange)
{
    /// <summary>The user's fills in <paramref name="market"/>, by trade id.</summary>
    public async Task<IReadOnlyList<UserFill>> ReadAsync(long user, string market, CancellationToken ct)
    {
        await exchange.WaitForLogAsync(ct);
        var partition = InstrumentId.Of(Venues.Internal, market);
        var fills = new List<UserFill>();
        await foreach (var e in events.ReadEventsAsync(EventTopic.Orders, ct))
        {
            if (e.Type != "fill" || e.Partition != partition) continue;
            using var json = JsonDocument.Parse(e.Json);
            var fill = json.RootElement;
            if (fill.GetProperty("user").GetInt64() != user) continue;
            fills.Add(new UserFill(
                fill.GetProperty("trade_id").GetInt64(), fill.GetProperty("order_id").GetInt64(), market,
                fill.GetProperty("side").GetString() == "buy", fill.GetProperty("is_maker").GetBoolean(),
                fill.GetProperty("price").GetDecimal(), fill.GetProperty("quantity").GetDecimal(), fill.GetProperty("fee").GetDecimal(), e.Time));
        }
        return [.. fills.OrderBy(f => f.TradeId)];
    }
}
