namespace MarketAnalytics.Api.Tests.Exchange;

/// <summary><c>GET /api/v1/fees</c>: the fee account's balances, for the admin only.</summary>
public sealed class FeeAccountTests(ExchangeHostFixture fixture) : IClassFixture<ExchangeHostFixture>
{
    private readonly ExchangeHost _host = fixture.Host;

    [Fact]
    public async Task The_fee_account_holds_both_sides_fees_of_a_trade()
    {
        var (_, seller) = await _host.CreateUserAsync(("BTC", 1m));
        var (_, buyer) = await _host.CreateUserAsync(("USDT", 10_000m));
        await _host.PlaceAsync(seller, new { symbol = "BTC-USDT", side = "sell", price = 50_000m, quantity = 0.1m });
        await _host.PlaceAsync(buyer, new { symbol = "BTC-USDT", side = "buy", price = 50_000m, quantity = 0.1m });

        var fees = await _host.OkAsync(HttpMethod.Get, "/api/v1/fees", ExchangeHost.AdminKey);

        // 5,000 USDT traded: 0.20 % taker (10) + 0.10 % maker (5).
        var balances = fees.GetProperty("balances").EnumerateArray().ToDictionary(b => b.GetProperty("asset").GetString()!, b => b.GetProperty("amount").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["BTC"] = 0m, ["USDT"] = 15m, ["ETH"] = 0m }, balances);
    }

    [Fact]
    public async Task The_fee_account_needs_the_admin_key()
    {
        var (_, key) = await _host.CreateUserAsync();
        Assert.Equal(401, (await _host.SendAsync(HttpMethod.Get, "/api/v1/fees", key)).Status);
        Assert.Equal(401, (await _host.SendAsync(HttpMethod.Get, "/api/v1/fees", null)).Status);
    }
}
