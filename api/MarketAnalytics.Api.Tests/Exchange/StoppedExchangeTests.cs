using MarketAnalytics.OrderBook.Journal;

namespace MarketAnalytics.Api.Tests.Exchange;

/// <summary>A journal the exchange cannot replay stops the exchange, not the process: <c>/health</c> says so with 503, the
/// exchange's endpoints answer 503 problem+json, and the analytics keep serving.</summary>
public sealed class StoppedExchangeTests : IAsyncLifetime
{
    private ExchangeHost _host = null!;

    public async Task InitializeAsync() => _host = await ExchangeHost.StartAsync(directory =>
    {
        using var journal = CommandJournal.Open(Path.Combine(directory, "exchange"), 0, _ => { });
        // A record no version of the exchange can apply (an unknown command kind).
        journal.Append(1, DateTime.UtcNow.Ticks, [99]);
        journal.Commit();
        return Task.CompletedTask;
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Health_answers_503_with_the_reason_while_the_exchange_is_stopped()
    {
        var (status, health, _) = await _host.SendWithTypeAsync(HttpMethod.Get, "/health", null);

        Assert.Equal(503, status);
        Assert.Equal("Unhealthy", health.GetProperty("status").GetString());
        var exchange = health.GetProperty("components").GetProperty("exchange");
        Assert.Equal("Unhealthy", exchange.GetProperty("status").GetString());
        Assert.Equal("stopped", exchange.GetProperty("data").GetProperty("state").GetString());
        Assert.Contains("journal record 1", exchange.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(503, (await _host.SendWithTypeAsync(HttpMethod.Get, "/health/ready", null)).Status);
        Assert.Equal(200, (await _host.SendWithTypeAsync(HttpMethod.Get, "/health/live", null)).Status);
    }

    [Fact]
    public async Task Exchange_endpoints_answer_503_problem_json_and_the_analytics_keep_serving()
    {
        var (status, problem, mediaType) = await _host.SendWithTypeAsync(HttpMethod.Post, "/api/v1/users", ExchangeHost.AdminKey);
        Assert.Equal((503, "application/problem+json"), (status, mediaType));
        Assert.Equal("Exchange stopped", problem.GetProperty("title").GetString());
        Assert.Equal(503, (await _host.SendWithTypeAsync(HttpMethod.Get, "/api/v1/orderbook/BTC-USDT", null)).Status);

        Assert.Equal(200, (await _host.SendWithTypeAsync(HttpMethod.Get, "/api/v1/symbols", null)).Status);
        Assert.Equal(200, (await _host.SendWithTypeAsync(HttpMethod.Get, "/transactions/last_6_hours?as_of=2026-01-01T00:00:00Z", null)).Status);
    }
}
