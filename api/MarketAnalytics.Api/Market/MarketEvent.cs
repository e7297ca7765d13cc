using System.Text.Json;

namespace MarketAnalytics.Api.Market;

/// <summary>One pushed event: its id (increasing by one per event of this process), what it is about and its data.</summary>
/// <remarks>The JSON is written on first use by a subscriber, not on the producer's path, and then shared by every subscriber.</remarks>
public sealed class MarketEvent(long id, string type, MarketKey key, object data)
{
    private string? _json;

    public long Id { get; } = id;

    /// <summary><c>trade</c>, <c>candle</c>, <c>price</c> or <c>book</c>.</summary>
    public string Type { get; } = type;

    public MarketKey Key { get; } = key;

    public object Data { get; } = data;

    /// <summary>The data as a JSON object (the server-sent event's <c>data</c>).</summary>
    public string Json(JsonSerializerOptions options) => _json ??= JsonSerializer.Serialize(Data, Data.GetType(), options);

    /// <summary>The WebSocket message: the data's object with <c>type</c> and <c>id</c> in front.</summary>
    public string Message(JsonSerializerOptions options)
    {
        var json = Json(options);
        return $"{{\"type\":\"{Type}\",\"id\":{Id}{(json.Length > 2 ? "," : "")}{json.AsSpan(1)}";
    }
}
