namespace MarketAnalytics.Api.Tests.Exchange;

/// <summary>One <see cref="ExchangeHost"/> shared by the tests of a class that each work with users of their own.</summary>
public sealed class ExchangeHostFixture : IAsyncLifetime
{
    public ExchangeHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ExchangeHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
