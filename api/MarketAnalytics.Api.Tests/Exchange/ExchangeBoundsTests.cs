using System.Text.Json;

namespace MarketAnalytics.Api.Tests.Exchange;

/// <summary>The requests that once wedged the exchange (amounts whose grid conversion overflowed) are 400s naming the field,
/// journal nothing, and the exchange keeps taking orders; amounts off the grid are rejected, never rounded.</summary>
public sealed class ExchangeBoundsTests(ExchangeHostFixture fixture) : IClassFixture<ExchangeHostFixture>, IAsyncLifetime
{
    private readonly ExchangeHost _host = fixture.Host;
    private string _key = null!;

    public async Task InitializeAsync() => (_, _key) = await _host.CreateUserAsync(("USDT", 1_000_000m), ("BTC", 10m));

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> BeyondTheBounds => new()
    {
        { """{"symbol":"BTC-USDT","side":"buy","price":1000000000000000000000000000,"quantity":0.01}""", "price" },
        { """{"symbol":"BTC-USDT","side":"buy","price":50000,"quantity":1e24}""", "quantity" },
        { """{"symbol":"BTC-USDT","side":"buy","type":"market","funds":1e21}""", "funds" },
        { """{"symbol":"BTC-USDT","side":"buy","price":50000,"quantity":0.01,"funds":79228162514264337593543950335}""", "funds" },
        { """{"symbol":"BTC-USDT","side":"sell","price":1000000000.01,"quantity":0.00001}""", "price" },
        { """{"symbol":"BTC-USDT","side":"buy","price":1000000000,"quantity":1}""", "quantity" },
        { """{"symbol":"ETH-USDT","side":"sell","type":"market","quantity":1000000000.0001}""", "quantity" },
    };

    [Theory]
    [MemberData(nameof(BeyondTheBounds))]
    public async Task An_order_beyond_the_bounds_is_a_400_naming_the_field_and_the_exchange_keeps_taking_orders(string body, string field)
    {
        var (status, problem, mediaType) = await _host.SendWithTypeAsync(HttpMethod.Post, "/api/v1/orders", _key, body);

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty((await _host.OkAsync(HttpMethod.Get, "/api/v1/orders", _key)).EnumerateArray());
        var normal = await _host.PlaceAsync(_key, new { symbol = "BTC-USDT", side = "buy", price = 10_000m, quantity = 0.01m });
        Assert.Equal("open", normal.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_replace_beyond_the_bounds_is_a_400_naming_the_field_and_leaves_the_order_open()
    {
        var order = await _host.PlaceAsync(_key, new { symbol = "BTC-USDT", side = "buy", price = 10_000m, quantity = 0.01m });
        var id = order.GetProperty("order_id").GetInt64();

        var (status, problem, mediaType) = await _host.SendWithTypeAsync(HttpMethod.Post, $"/api/v1/orders/{id}/replace", _key,
            """{"price":1e27,"quantity":0.01}""");

        Assert.Equal((400, "application/problem+json"), (status, mediaType));
        Assert.True(problem.GetProperty("errors").TryGetProperty("price", out _), problem.ToString());
        Assert.Equal("open", (await _host.OkAsync(HttpMethod.Get, $"/api/v1/orders/{id}", _key)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_quantity_with_digits_beyond_the_lot_is_rejected_never_rounded()
    {
        var order = await _host.PlaceAsync(_key, """{"symbol":"BTC-USDT","side":"buy","price":10000,"quantity":0.0100000000000000000000000001}""");

        Assert.Equal("rejected", order.GetProperty("status").GetString());
        Assert.Equal("quantity_off_lot", order.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_market_buy_with_funds_reports_quantities_in_base_and_its_funds_split_in_quote()
    {
        var (_, seller) = await _host.CreateUserAsync(("BTC", 1m));
        await _host.PlaceAsync(seller, new { symbol = "BTC-USDT", side = "sell", price = 50_000m, quantity = 0.1m });

        var order = await _host.PlaceAsync(_key, new { symbol = "BTC-USDT", side = "buy", type = "market", funds = 1_000m });

        Assert.Equal("filled", order.GetProperty("status").GetString());
        Assert.Equal(0.01996m, order.GetProperty("quantity").GetDecimal());
        Assert.Equal(Sum(order, "filled_quantity", "remaining_quantity", "canceled_quantity"), order.GetProperty("quantity").GetDecimal());
        Assert.Equal((999.996m, 0m, 0.004m), (order.GetProperty("spent_funds").GetDecimal(), order.GetProperty("remaining_funds").GetDecimal(),
            order.GetProperty("canceled_funds").GetDecimal()));
        Assert.Equal(Sum(order, "spent_funds", "remaining_funds", "canceled_funds"), order.GetProperty("funds").GetDecimal());
        Assert.Equal(Sum(order, "filled_quote", "fees"), order.GetProperty("spent_funds").GetDecimal());
    }

    private static decimal Sum(JsonElement order, params string[] fields) => fields.Sum(f => order.GetProperty(f).GetDecimal());
}
