using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MarketAnalytics.Api.Tests.Exchange;

namespace MarketAnalytics.Api.Tests.BinanceCompat;

/// <summary>A user of the internal exchange calling its Binance-compatible API with signed requests, as Binance clients sign them.</summary>
public sealed class BinanceTrader(ExchangeHost host, long id, string key, string secret)
{
    public const string Base = "/venues/internal/api/v3";

    public long Id => id;

    public string Key => key;

    public string Secret => secret;

    /// <summary>Creates a user (as the admin) with the given credits.</summary>
    public static async Task<BinanceTrader> CreateAsync(ExchangeHost host, params (string Asset, decimal Amount)[] credits)
    {
        var user = await host.OkAsync(HttpMethod.Post, "/api/v1/users", ExchangeHost.AdminKey);
        var id = user.GetProperty("user_id").GetInt64();
        foreach (var (asset, amount) in credits)
            await host.OkAsync(HttpMethod.Post, $"/api/v1/wallets/{id}/credit", ExchangeHost.AdminKey, new { asset, amount, reference = $"seed-{id}-{asset}" });
        return new BinanceTrader(host, id, user.GetProperty("api_key").GetString()!, user.GetProperty("api_secret").GetString()!);
    }

    public static string Sign(string secret, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Sends a signed request: the parameters (with <c>timestamp</c> added unless given) in the query string for GET and
    /// DELETE, in a form body for POST, and <c>signature</c> last.</summary>
    public Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, params (string Name, object Value)[] parameters)
    {
        var all = parameters.Any(p => p.Name == "timestamp") ? parameters : [.. parameters, ("timestamp", Now())];
        var text = Encode(all);
        var signed = $"{text}&signature={Sign(secret, text)}";
        return method == HttpMethod.Post ? RawAsync(method, path, "", signed) : RawAsync(method, path, signed, "");
    }

    /// <summary>Sends the query and form body exactly as given, with this user's key.</summary>
    public async Task<(int Status, JsonElement Body)> RawAsync(HttpMethod method, string path, string query, string body, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(method, Base + path + (query.Length > 0 ? "?" + query : ""));
        request.Headers.Add("X-MBX-APIKEY", apiKey ?? key);
        if (body.Length > 0) request.Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<JsonElement> OkAsync(HttpMethod method, string path, params (string Name, object Value)[] parameters)
    {
        var (status, body) = await SendAsync(method, path, parameters);
        Assert.True(status == 200, $"{method} {path} answered {status}: {body}");
        return body;
    }

    /// <summary>The balances of <c>GET account</c> as (free, locked) by asset.</summary>
    public async Task<Dictionary<string, (decimal Free, decimal Locked)>> BalancesAsync()
    {
        var account = await OkAsync(HttpMethod.Get, "/account");
        return account.GetProperty("balances").EnumerateArray().ToDictionary(
            b => b.GetProperty("asset").GetString()!, b => (Dec(b, "free"), Dec(b, "locked")));
    }

    public static string Encode(IEnumerable<(string Name, object Value)> parameters) =>
        string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(Convert.ToString(p.Value, CultureInfo.InvariantCulture)!)}"));

    public static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
