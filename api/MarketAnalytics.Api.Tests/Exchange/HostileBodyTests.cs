using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MarketAnalytics.Api.Tests.Exchange;

/// <summary>Malformed bodies of every kind on the JSON endpoints: a 400 problem+json naming the field (413 too large, 415 not JSON),
/// nothing applied; amounts <see cref="decimal"/> would round are refused, never rounded.</summary>
public sealed class HostileBodyTests(ExchangeHostFixture fixture) : IClassFixture<ExchangeHostFixture>, IAsyncLifetime
{
    private const string Order = """{"symbol": "BTC-USDT", "side": "buy", "type": "limit", "price": 100, "quantity": 1, "time_in_force": "gtc", "post_only": false, "client_order_id": "c", "stp": "cancel_newest"}""";
    private const string Transfer = """{"asset": "USDT", "amount": 1, "reference": "r"}""";
    private const string Replace = """{"price": 100, "quantity": 1, "client_order_id": "c2"}""";
    private const string Rerun = """{"from": "2024-08-08T00:00:00Z", "to": "2024-08-08T01:00:00Z", "symbols": ["bitmex:XBTUSD"], "interval": "all"}""";
    private const string LoneSurrogate = "\"\\ud800\"";

    private readonly ExchangeHost _host = fixture.Host;
    private long _userId;
    private string _key = null!;
    private long _openOrder;

    public async Task InitializeAsync()
    {
        (_userId, _key) = await _host.CreateUserAsync(("USDT", 1_000_000m), ("BTC", 10m));
        var order = await _host.PlaceAsync(_key, new { symbol = "BTC-USDT", side = "buy", price = 100m, quantity = 1m });
        _openOrder = order.GetProperty("order_id").GetInt64();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Each field of each body with a lone UTF-16 surrogate in place of its value: 22 fields in all.</summary>
    public static TheoryData<string, string, string> SurrogateFields()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (endpoint, body) in new[] { ("orders", Order), ("replace", Replace), ("credit", Transfer), ("debit", Transfer), ("reruns", Rerun) })
            foreach (var property in JsonDocument.Parse(body).RootElement.EnumerateObject())
                data.Add(endpoint, property.Name, Rewrite(body, property.Name, LoneSurrogate));
        return data;
    }

    [Theory]
    [MemberData(nameof(SurrogateFields))]
    public async Task A_lone_surrogate_in_any_field_is_a_400_naming_that_field(string endpoint, string field, string body)
    {
        var (status, problem, mediaType) = await PostAsync(endpoint, body, "application/json");

        Assert.True(status == 400, $"{endpoint} {field}: {status} {problem}");
        Assert.Equal("application/problem+json", mediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    public static TheoryData<string, string, string> MalformedBodies()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var endpoint in new[] { "orders", "replace", "credit", "debit", "reruns" })
        {
            data.Add(endpoint, "", "body");
            data.Add(endpoint, "{\"a\": 1} trailing", "body");
            data.Add(endpoint, "{\"a\": 1}{}", "body");
            data.Add(endpoint, "{\"price\": NaN}", "body");
            data.Add(endpoint, "{\"price\": Infinity}", "body");
            data.Add(endpoint, string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)), "body");
            data.Add(endpoint, "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 9_999)) + "1" + new string('}', 10_000), "body");
            data.Add(endpoint, "{\"\\udfff\": 1}", "body");
            data.Add(endpoint, "\"just a string\"", "body");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_body_that_is_not_one_json_object_is_a_400_naming_it(string endpoint, string body, string field)
    {
        var (status, problem, mediaType) = await PostAsync(endpoint, body, "application/json");

        Assert.True(status == 400, $"{endpoint}: {status} {problem}");
        Assert.Equal("application/problem+json", mediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("orders", "text/plain")]
    [InlineData("credit", "application/x-www-form-urlencoded")]
    [InlineData("reruns", "application/xml")]
    [InlineData("replace", "multipart/form-data; boundary=x")]
    public async Task A_body_that_is_not_declared_json_is_a_415_problem(string endpoint, string contentType)
    {
        var (status, problem, mediaType) = await PostAsync(endpoint, endpoint switch
        {
            "orders" => Order, "credit" => Transfer, "reruns" => Rerun, _ => Replace,
        }, contentType);

        Assert.Equal(415, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Equal(415, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_a_413_problem()
    {
        var body = "{\"symbol\": \"" + new string('x', 1024 * 1024) + "\"}";

        var (status, problem, mediaType) = await PostAsync("orders", body, "application/json");

        Assert.Equal(413, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Equal("body", problem.GetProperty("parameter").GetString());
    }

    public static TheoryData<string, string, string> InexactAmounts() => new()
    {
        { "orders", Rewrite(Order, "quantity", "0.010000000000000000000000000001"), "quantity" },
        { "orders", Rewrite(Order, "price", "\"100.000000000000000000000000001\""), "price" },
        { "orders", Rewrite(Order, "price", "1e-30"), "price" },
        { "orders", Rewrite(Order, "price", "1e30"), "price" },
        { "orders", Rewrite(Order, "quantity", "79228162514264337593543950336"), "quantity" },
        { "replace", Rewrite(Replace, "quantity", "0.010000000000000000000000000001"), "quantity" },
        { "credit", Rewrite(Transfer, "amount", "100.000000000000000000000000001"), "amount" },
        { "debit", Rewrite(Transfer, "amount", "100.000000000000000000000000001"), "amount" },
    };

    [Theory]
    [MemberData(nameof(InexactAmounts))]
    public async Task An_amount_decimal_would_round_is_a_400_naming_the_field_and_nothing_is_applied(string endpoint, string body, string field)
    {
        var before = await _host.OkAsync(HttpMethod.Get, $"/api/v1/wallets/{_userId}", _key);

        var (status, problem, mediaType) = await PostAsync(endpoint, body, "application/json");

        Assert.True(status == 400, $"{endpoint}: {status} {problem}");
        Assert.Equal("application/problem+json", mediaType);
        Assert.Contains("cannot be held exactly", problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(before.ToString(), (await _host.OkAsync(HttpMethod.Get, $"/api/v1/wallets/{_userId}", _key)).ToString());
    }

    [Fact]
    public async Task A_credit_of_28_decimals_of_zeros_after_an_exact_amount_is_that_amount()
    {
        var (status, answer, _) = await PostAsync("credit", Rewrite(Transfer, "amount", "2.0000000000000000000000000000000000"), "application/json");

        Assert.Equal(200, status);
        Assert.Equal("applied", answer.GetProperty("outcome").GetString());
    }

    private async Task<(int Status, JsonElement Body, string? MediaType)> PostAsync(string endpoint, string body, string contentType)
    {
        var (path, key) = endpoint switch
        {
            "orders" => ("/api/v1/orders", _key),
            "replace" => ($"/api/v1/orders/{_openOrder}/replace", _key),
            "credit" => ($"/api/v1/wallets/{_userId}/credit", ExchangeHost.AdminKey),
            "debit" => ($"/api/v1/wallets/{_userId}/debit", ExchangeHost.AdminKey),
            _ => ("/api/v1/reruns", ExchangeHost.AdminKey),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Api-Key", key);
        using var response = await _host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(),
            response.Content.Headers.ContentType?.MediaType);
    }

    // The body with one property's value replaced by raw JSON text.
    private static string Rewrite(string body, string property, string rawValue)
    {
        var parts = JsonDocument.Parse(body).RootElement.EnumerateObject()
            .Select(p => $"{JsonSerializer.Serialize(p.Name)}: {(p.Name == property ? rawValue : p.Value.GetRawText())}");
        return "{" + string.Join(", ", parts) + "}";
    }
}
