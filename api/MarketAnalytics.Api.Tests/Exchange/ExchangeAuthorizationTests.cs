using MarketAnalytics.Api.Hosting;

namespace MarketAnalytics.Api.Tests.Exchange;

public sealed class ExchangeAuthorizationTests(ExchangeHostFixture fixture) : IClassFixture<ExchangeHostFixture>
{
    private readonly ExchangeHost _host = fixture.Host;

    public static TheoryData<string, string> UserEndpoints => new()
    {
        { "GET", "/api/v1/orders" },
        { "GET", "/api/v1/orders?status=open" },
        { "POST", "/api/v1/orders" },
        { "GET", "/api/v1/orders/1" },
        { "DELETE", "/api/v1/orders/1" },
        { "POST", "/api/v1/orders/1/replace" },
        { "GET", "/api/v1/wallets/1" },
        { "GET", "/api/v1/stream" },
    };

    [Theory]
    [MemberData(nameof(UserEndpoints))]
    public async Task User_endpoints_answer_401_without_a_key_and_with_an_unknown_key(string method, string path)
    {
        await _host.CreateUserAsync();
        var order = new { symbol = "BTC-USDT", side = "buy", price = 100m, quantity = 1m };
        var body = method == "POST" ? order : null;
        Assert.Equal(401, (await _host.SendAsync(new HttpMethod(method), path, null, body)).Status);
        Assert.Equal(401, (await _host.SendAsync(new HttpMethod(method), path, "mak_not-a-key", body)).Status);
    }

    [Fact]
    public async Task The_admin_key_is_not_a_user_key()
    {
        var (id, _) = await _host.CreateUserAsync();
        Assert.Equal(401, (await _host.SendAsync(HttpMethod.Get, $"/api/v1/wallets/{id}", ExchangeHost.AdminKey)).Status);
        Assert.Equal(401, (await _host.SendAsync(HttpMethod.Get, "/api/v1/orders", ExchangeHost.AdminKey)).Status);
    }

    [Fact]
    public async Task Another_users_order_can_be_neither_read_nor_canceled_and_stays_open()
    {
        var (_, alice) = await _host.CreateUserAsync(("USDT", 1000m));
        var (_, bob) = await _host.CreateUserAsync();
        var order = await _host.PlaceAsync(alice, new { symbol = "BTC-USDT", side = "buy", price = 100m, quantity = 1m });
        var id = order.GetProperty("order_id").GetInt64();

        Assert.Equal(403, (await _host.SendAsync(HttpMethod.Get, $"/api/v1/orders/{id}", bob)).Status);
        Assert.Equal(403, (await _host.SendAsync(HttpMethod.Delete, $"/api/v1/orders/{id}", bob)).Status);
        Assert.Equal(403, (await _host.SendAsync(HttpMethod.Post, $"/api/v1/orders/{id}/replace", bob, new { price = 99m, quantity = 1m })).Status);
        Assert.Empty((await _host.OkAsync(HttpMethod.Get, "/api/v1/orders", bob)).EnumerateArray());

        var mine = await _host.OkAsync(HttpMethod.Get, $"/api/v1/orders/{id}", alice);
        Assert.Equal("open", mine.GetProperty("status").GetString());
        Assert.Single((await _host.OkAsync(HttpMethod.Get, "/api/v1/orders?status=open", alice)).EnumerateArray());
    }

    [Fact]
    public async Task Another_users_wallet_is_403()
    {
        var (alice, _) = await _host.CreateUserAsync(("USDT", 5m));
        var (_, bob) = await _host.CreateUserAsync();
        var (status, body) = await _host.SendAsync(HttpMethod.Get, $"/api/v1/wallets/{alice}", bob);
        Assert.Equal(403, status);
        Assert.DoesNotContain("USDT", body.ToString());
    }

    [Fact]
    public async Task Admin_endpoints_answer_401_to_a_missing_key_a_wrong_key_and_a_user_key()
    {
        var (id, userKey) = await _host.CreateUserAsync();
        var credit = new { asset = "USDT", amount = 10m, reference = "r1" };
        foreach (var key in new[] { null, "wrong", userKey })
        {
            Assert.Equal(401, (await _host.SendAsync(HttpMethod.Post, "/api/v1/users", key)).Status);
            Assert.Equal(401, (await _host.SendAsync(HttpMethod.Post, $"/api/v1/wallets/{id}/credit", key, credit)).Status);
            Assert.Equal(401, (await _host.SendAsync(HttpMethod.Post, $"/api/v1/wallets/{id}/debit", key, credit)).Status);
        }
        var wallet = await _host.OkAsync(HttpMethod.Get, $"/api/v1/wallets/{id}", userKey);
        Assert.All(wallet.GetProperty("balances").EnumerateArray(), b => Assert.Equal(0m, b.GetProperty("available").GetDecimal()));
    }

    [Fact]
    public async Task Admin_endpoints_are_disabled_and_say_so_until_the_admin_key_is_set()
    {
        await using var host = await ExchangeHost.StartAsync(Role.Api, "--Api:AdminKey=");
        var (status, body) = await host.SendAsync(HttpMethod.Post, "/api/v1/users", "anything");
        Assert.Equal(403, status);
        Assert.Contains("Api:AdminKey", body.GetProperty("detail").GetString());
        Assert.Equal(403, (await host.SendAsync(HttpMethod.Post, "/api/v1/wallets/1/credit", null, new { asset = "USDT", amount = 1m, reference = "r" })).Status);
    }

    [Theory]
    [InlineData("/api/v1/orders", null, "API key required")]
    [InlineData("/api/v1/orders", "mak_not-a-key", "Unknown API key")]
    [InlineData("/api/v1/fees", null, "Admin key required")]
    [InlineData("/api/v1/fees", "wrong", "Wrong admin key")]
    public async Task A_refused_key_is_a_401_problem_saying_whether_the_key_was_missing_or_wrong(string path, string? key, string title)
    {
        var (status, body, mediaType) = await _host.SendWithTypeAsync(HttpMethod.Get, path, key);
        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Equal(title, body.GetProperty("title").GetString());
        Assert.Contains("X-Api-Key", body.GetProperty("detail").GetString());
    }
}
