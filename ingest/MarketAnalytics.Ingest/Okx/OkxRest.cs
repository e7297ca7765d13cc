using System.Net;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Parsing;

namespace MarketAnalytics.Ingest.Okx;

/// <summary>Reads OKX's REST envelope <c>{"code":"0","msg":"","data":[…]}</c>.</summary>
internal static class OkxRest
{
    /// <summary>The <c>data</c> array of a successful answer.</summary>
    /// <exception cref="TradeHistoryException">An error status or code (transient for 5xx and OKX's "system busy" codes 50001,
    /// 50004, 50013), or a body that is not the envelope.</exception>
    public static JsonElement Data(Uri url, HttpResponseMessage response, byte[] body)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            throw new TradeHistoryException($"GET {url.PathAndQuery} answered {(int)response.StatusCode} with a body that is not JSON: '{Excerpt.Of(body)}'",
                (int)response.StatusCode >= 500, e);
        }
        var code = root.ValueKind == JsonValueKind.Object ? Text(root, "code") : null;
        if (response.StatusCode != HttpStatusCode.OK || code != "0")
        {
            var transient = (int)response.StatusCode >= 500 || code is "50001" or "50004" or "50013";
            throw new TradeHistoryException($"GET {url.PathAndQuery} answered {(int)response.StatusCode}, code {code}: {(root.ValueKind == JsonValueKind.Object ? Text(root, "msg") : Encoding.UTF8.GetString(body))}", transient);
        }
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw new TradeHistoryException($"GET {url.PathAndQuery} answered without a data array", false);
        return data;
    }

    /// <summary>A string or number property's text, null when absent.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
}
