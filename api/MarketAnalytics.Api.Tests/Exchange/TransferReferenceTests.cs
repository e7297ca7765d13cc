namespace MarketAnalytics.Api.Tests.Exchange;

/// <summary>Transfer references are scoped per user and asset: another user's reference is a transfer of its own, a reuse with
/// other parameters is 409 naming the conflict, and a true repeat is <c>already_applied</c>.</summary>
public sealed class TransferReferenceTests(ExchangeHostFixture fixture) : IClassFixture<ExchangeHostFixture>
{
    private readonly ExchangeHost _host = fixture.Host;

    [Fact]
    public async Task A_debit_reusing_another_users_credit_reference_is_applied_to_its_own_user()
    {
        var (one, oneKey) = await _host.CreateUserAsync(("USDT", 100m));
        var (two, _) = await _host.CreateUserAsync();
        await _host.OkAsync(HttpMethod.Post, $"/api/v1/wallets/{two}/credit", ExchangeHost.AdminKey, new { asset = "USDT", amount = 5m, reference = "shared-ref" });

        var debit = await _host.OkAsync(HttpMethod.Post, $"/api/v1/wallets/{one}/debit", ExchangeHost.AdminKey,
            new { asset = "USDT", amount = 40m, reference = "shared-ref" });

        Assert.Equal("applied", debit.GetProperty("outcome").GetString());
        var wallet = await _host.OkAsync(HttpMethod.Get, $"/api/v1/wallets/{one}", oneKey);
        Assert.Equal(60m, wallet.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("asset").GetString() == "USDT")
            .GetProperty("available").GetDecimal());
    }

    [Fact]
    public async Task Reusing_a_reference_with_another_amount_is_a_409_naming_the_reference_and_a_true_repeat_is_already_applied()
    {
        var (user, _) = await _host.CreateUserAsync();
        var path = $"/api/v1/wallets/{user}/credit";
        await _host.OkAsync(HttpMethod.Post, path, ExchangeHost.AdminKey, new { asset = "USDT", amount = 10m, reference = "dep-1" });

        var (status, problem, mediaType) = await _host.SendWithTypeAsync(HttpMethod.Post, path, ExchangeHost.AdminKey,
            new { asset = "USDT", amount = 11m, reference = "dep-1" });
        var (debitStatus, _, _) = await _host.SendWithTypeAsync(HttpMethod.Post, $"/api/v1/wallets/{user}/debit", ExchangeHost.AdminKey,
            new { asset = "USDT", amount = 10m, reference = "dep-1" });
        var repeat = await _host.OkAsync(HttpMethod.Post, path, ExchangeHost.AdminKey, new { asset = "USDT", amount = 10m, reference = "dep-1" });

        Assert.Equal((409, "application/problem+json"), (status, mediaType));
        Assert.Equal("reference", problem.GetProperty("parameter").GetString());
        Assert.Contains("dep-1", problem.GetProperty("detail").GetString());
        Assert.Equal(409, debitStatus);
        Assert.Equal("already_applied", repeat.GetProperty("outcome").GetString());
    }
}
