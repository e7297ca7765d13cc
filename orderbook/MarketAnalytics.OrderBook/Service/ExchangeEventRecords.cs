using System.Text.Json;
using System.Text.Json.Serialization;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>The exchange's private events as the log's event topics carry them: order updates and fills in <c>orders</c> keyed by
/// market, wallet changes in <c>wallets</c> keyed by asset, each the event record as snake_case JSON.</summary>
internal static class ExchangeEventRecords
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>True for the events that go to the log (public trades and book changes do not: trades go to the trades topic).</summary>
    public static bool IsLogged(ExchangeEvent e) => e is OrderUpdatedEvent or FillEvent or WalletChangedEvent;

    public static LoggedEvent ToLogged(ExchangeEvent e) => e switch
    {
        OrderUpdatedEvent o => new(EventTopic.Orders, Key(o.Order.Symbol), o.Sequence, o.Time, "order", JsonSerializer.Serialize(o, Json)),
        FillEvent f => new(EventTopic.Orders, Key(f.Market), f.Sequence, f.Time, "fill", JsonSerializer.Serialize(f, Json)),
        WalletChangedEvent w => new(EventTopic.Wallets, Key(w.Balance.Asset), w.Sequence, w.Time, "wallet", JsonSerializer.Serialize(w, Json)),
        _ => throw new ArgumentException($"{e.GetType().Name} does not go to the log's event topics", nameof(e)),
    };

    private static InstrumentId Key(string marketOrAsset) => InstrumentId.Of(Venues.Internal, marketOrAsset);
}
