using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Binance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Ingest.Tests.Binance;

/// <summary>The options <see cref="BinanceRegistration"/> binds from <c>Ingest:Venues:binance</c>.</summary>
public sealed class BinanceRegistrationTests
{
    private static BinanceReaderOptions OptionsFrom(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        BinanceRegistration.AddSpot(services, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<BinanceReaderOptions>>().Get(Venues.Binance);
    }

    [Fact]
    public void Configured_symbols_replace_the_default_ones()
    {
        var options = OptionsFrom(new() { ["Ingest:Venues:binance:Symbols:0"] = "SOLUSDT" });

        Assert.Equal(["SOLUSDT"], options.Symbols);
        Assert.Equal(new Uri("wss://stream.binance.com:9443/stream?streams=solusdt@trade/solusdt@ticker"), options.Url);
    }

    [Fact]
    public void Without_configured_symbols_BTCUSDT_and_ETHUSDT_are_read()
    {
        var options = OptionsFrom([]);

        Assert.Equal(["BTCUSDT", "ETHUSDT"], options.Symbols);
        Assert.Equal(new Uri("wss://stream.binance.com:9443/stream?streams=btcusdt@trade/btcusdt@ticker/ethusdt@trade/ethusdt@ticker"), options.Url);
    }
}
