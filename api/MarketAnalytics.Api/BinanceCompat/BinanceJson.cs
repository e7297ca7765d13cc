using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>Binance's JSON conventions: camelCase names (not the native API's snake_case), amounts as strings carrying the exact
/// decimal, times as epoch milliseconds.</summary>
internal static class BinanceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Ok(object value) => TypedResults.Json(value, Options);

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static long Ms(DateTime time) => (time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    /// <summary>A trade id as Binance writes it: a JSON number when the venue's id is numeric, its own text otherwise (BitMEX UUIDs).</summary>
    public static object TradeId(Core.TradeId id) => id.TryGetNumber(out var number) ? number : id.ToString();
}
