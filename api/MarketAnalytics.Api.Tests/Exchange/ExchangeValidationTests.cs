namespace MarketAnalytics.Api.Tests.Exchange;

public sealed class ExchangeValidationTests(ExchangeHostFixture fixture) : IClassFixture<ExchangeHostFixture>, IAsyncLifetime
{
    private readonly ExchangeHost _host = fixture.Host;
    private long _userId;
    private string _key = null!;

    /// <summary>Every test gets a user of its own on the shared host.</summary>
    public async Task InitializeAsync() => (_userId, _key) = await _host.CreateUserAsync(("USDT", 1_000_000m), ("BTC", 10m));

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> MalformedOrders => new()
    {
        { "not json", "body" },
        { """["BTC-USDT"]""", "body" },
        { """{"side": "buy", "price": 100, "quantity": 1}""", "symbol" },
        { """{"symbol": 7, "side": "buy", "price": 100, "quantity": 1}""", "symbol" },
        { """{"symbol": "DOGE-USDT", "side": "buy", "price": 100, "quantity": 1}""", "symbol" },
        { """{"symbol": "BTC-USDT", "price": 100, "quantity": 1}""", "side" },
        { """{"symbol": "BTC-USDT", "side": "hold", "price": 100, "quantity": 1}""", "side" },
        { """{"symbol": "BTC-USDT", "side": "buy", "type": "stop", "price": 100, "quantity": 1}""", "type" },
        { """{"symbol": "BTC-USDT", "side": "buy", "quantity": 1}""", "price" },
        { """{"symbol": "BTC-USDT", "side": "buy", "price": "a lot", "quantity": 1}""", "price" },
        { """{"symbol": "BTC-USDT", "side": "buy", "price": 100}""", "quantity" },
        { """{"symbol": "BTC-USDT", "side": "buy", "price": 100, "quantity": true}""", "quantity" },
        { """{"symbol": "BTC-USDT", "side": "buy", "type": "market"}""", "funds" },
        { """{"symbol": "BTC-USDT", "side": "sell", "type": "market"}""", "quantity" },
        { """{"symbol": "BTC-USDT", "side": "buy", "price": 100, "quantity": 1, "time_in_force": "day"}""", "time_in_force" },
        { """{"symbol": "BTC-USDT", "side": "buy", "price": 100, "quantity": 1, "post_only": "yes"}""", "post_only" },
        { """{"symbol": "BTC-USDT", "side": "buy", "price": 100, "quantity": 1, "client_order_id": 42}""", "client_order_id" },
        { """{"symbol": "BTC-USDT", "side": "buy", "price": 100, "quantity": 1, "stp": "none"}""", "stp" },
    };

    [Theory]
    [MemberData(nameof(MalformedOrders))]
    public async Task A_malformed_order_is_a_400_naming_the_field_and_places_nothing(string body, string field)
    {
        var (status, problem) = await _host.SendAsync(HttpMethod.Post, "/api/v1/orders", _key, body);
        Assert.Equal(400, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty((await _host.OkAsync(HttpMethod.Get, "/api/v1/orders", _key)).EnumerateArray());
    }

    public static TheoryData<string, string> RefusedOrders => new()
    {
        { """{"symbol": "BTC-USDT", "side": "buy", "price": 100.001, "quantity": 1}""", "price_off_tick" },
        { """{"symbol": "BTC-USDT", "side": "buy", "price": 100, "quantity": 0.000001}""", "quantity_off_lot" },
        { """{"symbol": "BTC-USDT", "side": "buy", "price": -100, "quantity": 1}""", "invalid_price" },
        { """{"symbol": "BTC-USDT", "side": "sell", "price": 100, "quantity": 0}""", "invalid_quantity" },
        { """{"symbol": "BTC-USDT", "side": "buy", "price": 1, "quantity": 0.5}""", "below_min_notional" },
        { """{"symbol": "BTC-USDT", "side": "buy", "type": "market", "funds": 0}""", "invalid_funds" },
        { """{"symbol": "BTC-USDT", "side": "sell", "price": 100, "quantity": 11}""", "insufficient_funds" },
    };

    [Theory]
    [MemberData(nameof(RefusedOrders))]
    public async Task A_well_formed_order_off_the_grid_or_not_positive_is_rejected_by_the_engine_with_a_reason(string body, string reason)
    {
        var order = await _host.OkAsync(HttpMethod.Post, "/api/v1/orders", _key, body);
        Assert.Equal("rejected", order.GetProperty("status").GetString());
        Assert.Equal(reason, order.GetProperty("reason").GetString());
        Assert.Equal(0m, order.GetProperty("blocked").GetDecimal());
    }

    [Theory]
    [InlineData("""{"amount": 1, "reference": "r"}""", "asset")]
    [InlineData("""{"asset": "DOGE", "amount": 1, "reference": "r"}""", "asset")]
    [InlineData("""{"asset": "USDT", "reference": "r"}""", "amount")]
    [InlineData("""{"asset": "USDT", "amount": "ten", "reference": "r"}""", "amount")]
    [InlineData("""{"asset": "USDT", "amount": -1, "reference": "r"}""", "amount")]
    [InlineData("""{"asset": "USDT", "amount": 0.000000001, "reference": "r"}""", "amount")]
    [InlineData("""{"asset": "USDT", "amount": 1}""", "reference")]
    [InlineData("""{"asset": "USDT", "amount": 1, "reference": ""}""", "reference")]
    public async Task A_malformed_credit_is_a_400_naming_the_field(string body, string field)
    {
        var (status, problem) = await _host.SendAsync(HttpMethod.Post, $"/api/v1/wallets/{_userId}/credit", ExchangeHost.AdminKey, body);
        Assert.Equal(400, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("/api/v1/orders?status=pending", "status")]
    [InlineData("/api/v1/orderbook/BTC-USDT?depth=0", "depth")]
    [InlineData("/api/v1/orderbook/BTC-USDT?depth=many", "depth")]
    [InlineData("/api/v1/trades/BTC-USDT?limit=0", "limit")]
    [InlineData("/api/v1/stream?symbols=BTC-USDT,DOGE-USDT", "symbols")]
    public async Task A_bad_query_parameter_is_a_400_naming_it(string path, string parameter)
    {
        var (status, problem) = await _host.SendAsync(HttpMethod.Get, path, _key);
        Assert.Equal(400, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Theory]
    [InlineData("/api/v1/orderbook/DOGE-USDT")]
    [InlineData("/api/v1/trades/DOGE-USDT")]
    [InlineData("/api/v1/orders/424242")]
    public async Task An_unknown_market_or_order_is_404(string path) =>
        Assert.Equal(404, (await _host.SendAsync(HttpMethod.Get, path, _key)).Status);
}
