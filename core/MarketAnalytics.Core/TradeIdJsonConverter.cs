using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketAnalytics.Core;

/// <summary>Writes and reads a <see cref="TradeId"/> as a JSON string.</summary>
public sealed class TradeIdJsonConverter : JsonConverter<TradeId>
{
    public override TradeId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TradeId.Of(reader.GetString() ?? throw new JsonException("A trade id is a string."));

    public override void Write(Utf8JsonWriter writer, TradeId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
