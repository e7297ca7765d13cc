using System.Text.Json.Nodes;
using MarketAnalytics.Aggregate.Reruns;
using MarketAnalytics.Core;
using MarketAnalytics.OrderBook.Engine;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>Describes the values the request bodies carry as text the way the API reads them, instead of as the numbers the
/// enums are in memory: the exchange's enums by their snake_case names (<c>buy</c>, <c>gtc</c>, <c>cancel_newest</c>…), a
/// rerun's interval as <c>1m</c>, <c>1h</c> or <c>all</c>, and an instrument as its <c>venue:SYMBOL</c> text.</summary>
internal sealed class TextValueSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema described) return;
        var names = context.Type switch
        {
            var t when t == typeof(OrderSide) => SnakeCaseNames.All<OrderSide>(),
            var t when t == typeof(OrderType) => SnakeCaseNames.All<OrderType>(),
            var t when t == typeof(TimeInForce) => SnakeCaseNames.All<TimeInForce>(),
            var t when t == typeof(SelfTradePrevention) => SnakeCaseNames.All<SelfTradePrevention>(),
            var t when t == typeof(RerunIntervals) => ["1m", "1h", "all"],
            _ => null,
        };
        if (names is null && context.Type != typeof(InstrumentId)) return;
        described.Type = JsonSchemaType.String;
        described.Format = null;
        described.Properties?.Clear();
        described.AdditionalPropertiesAllowed = true;
        described.Enum = names?.Select(name => (JsonNode)JsonValue.Create(name)).ToList();
        if (context.Type == typeof(InstrumentId)) described.Description = "venue:SYMBOL, e.g. binance:BTCUSDT";
    }
}
