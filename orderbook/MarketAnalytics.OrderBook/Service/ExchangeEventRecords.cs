using System.Buffers;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>The exchange's private events as the log's event topics carry them: order updates and fills in <c>orders</c> keyed by
/// market, wallet changes in <c>wallets</c> keyed by asset, each a snake_case JSON object.</summary>
/// <remarks>
/// Shapes: <c>order</c> <c>{"sequence","time","order":{…the order as GET /api/v1/orders/{id} fields…}}</c>; <c>fill</c>
/// <c>{"sequence","time","user","market","trade_id","order_id","side","is_maker","price","quantity","fee"}</c>; <c>wallet</c>
/// <c>{"sequence","time","user","balance":{"asset","available","blocked"}}</c>. Amounts are exact JSON numbers, enums snake_case.
/// Written by hand with one reused <see cref="Utf8JsonWriter"/>: reflection-based serialization cost more than the whole sequencer
/// per command. One instance per writer thread (the feed's pump).
/// </remarks>
internal sealed class ExchangeEventRecords
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;
    private readonly Dictionary<string, InstrumentId> _keys = new(StringComparer.Ordinal);

    public ExchangeEventRecords() => _json = new Utf8JsonWriter(_buffer);

    /// <summary>True for the events that go to the log (public trades and book changes do not: trades go to the trades topic).</summary>
    public static bool IsLogged(ExchangeEvent e) => e is OrderUpdatedEvent or FillEvent or WalletChangedEvent;

    public LoggedEvent ToLogged(ExchangeEvent e) => e switch
    {
        OrderUpdatedEvent o => new(EventTopic.Orders, Key(o.Order.Symbol), o.Sequence, o.Time, "order", Write(o, WriteOrder)),
        FillEvent f => new(EventTopic.Orders, Key(f.Market), f.Sequence, f.Time, "fill", Write(f, WriteFill)),
        WalletChangedEvent w => new(EventTopic.Wallets, Key(w.Balance.Asset), w.Sequence, w.Time, "wallet", Write(w, WriteWallet)),
        _ => throw new ArgumentException($"{e.GetType().Name} does not go to the log's event topics", nameof(e)),
    };

    private string Write<T>(T e, Action<Utf8JsonWriter, T> body) where T : ExchangeEvent
    {
        _buffer.ResetWrittenCount();
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteNumber("sequence", e.Sequence);
        _json.WriteString("time", e.Time);
        body(_json, e);
        _json.WriteEndObject();
        _json.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    private static void WriteOrder(Utf8JsonWriter json, OrderUpdatedEvent e)
    {
        var o = e.Order;
        json.WriteStartObject("order");
        json.WriteNumber("order_id", o.OrderId);
        json.WriteNumber("user_id", o.UserId);
        json.WriteString("symbol", o.Symbol);
        json.WriteString("side", o.Side.SnakeCaseName());
        json.WriteString("type", o.Type.SnakeCaseName());
        WriteOptional(json, "price", o.Price);
        json.WriteNumber("quantity", o.Quantity);
        WriteOptional(json, "funds", o.Funds);
        WriteOptional(json, "spent_funds", o.SpentFunds);
        WriteOptional(json, "remaining_funds", o.RemainingFunds);
        WriteOptional(json, "canceled_funds", o.CanceledFunds);
        json.WriteString("time_in_force", o.TimeInForce.SnakeCaseName());
        json.WriteBoolean("post_only", o.PostOnly);
        json.WriteString("stp", o.Stp.SnakeCaseName());
        json.WriteString("client_order_id", o.ClientOrderId);
        json.WriteString("status", o.Status.SnakeCaseName());
        json.WriteString("reason", o.Reason);
        json.WriteNumber("filled_quantity", o.FilledQuantity);
        json.WriteNumber("remaining_quantity", o.RemainingQuantity);
        json.WriteNumber("canceled_quantity", o.CanceledQuantity);
        json.WriteNumber("filled_quote", o.FilledQuote);
        json.WriteNumber("fees", o.Fees);
        json.WriteNumber("blocked", o.Blocked);
        json.WriteString("created_at", o.CreatedAt);
        json.WriteString("updated_at", o.UpdatedAt);
        json.WriteEndObject();
    }

    private static void WriteFill(Utf8JsonWriter json, FillEvent e)
    {
        json.WriteNumber("user", e.User);
        json.WriteString("market", e.Market);
        json.WriteNumber("trade_id", e.TradeId);
        json.WriteNumber("order_id", e.OrderId);
        json.WriteString("side", e.Side.SnakeCaseName());
        json.WriteBoolean("is_maker", e.IsMaker);
        json.WriteNumber("price", e.Price);
        json.WriteNumber("quantity", e.Quantity);
        json.WriteNumber("fee", e.Fee);
    }

    private static void WriteWallet(Utf8JsonWriter json, WalletChangedEvent e)
    {
        json.WriteNumber("user", e.User);
        json.WriteStartObject("balance");
        json.WriteString("asset", e.Balance.Asset);
        json.WriteNumber("available", e.Balance.Available);
        json.WriteNumber("blocked", e.Balance.Blocked);
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    private InstrumentId Key(string marketOrAsset)
    {
        if (!_keys.TryGetValue(marketOrAsset, out var key)) _keys.Add(marketOrAsset, key = InstrumentId.Of(Venues.Internal, marketOrAsset));
        return key;
    }
}
