using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Ingest.Binance;
using MarketAnalytics.Ingest.Bitmex;
using MarketAnalytics.Ingest.Coinbase;
using MarketAnalytics.Ingest.Kraken;
using MarketAnalytics.Ingest.Sources;
using MarketAnalytics.Ingest.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Ingest.Tests.Sources;

// The configuration binder appends a configured array to the one an options object already holds, so a default list set before
// binding would silently subscribe the defaults beside the configured symbols.
public sealed class VenueSymbolsConfigurationTests
{
    private static ServiceProvider Build(TemporaryLog log, Dictionary<string, string?> settings, params string[] venues) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(log.Recorder)
            .AddSingleton<IMarketLog>(log.Log)
            .AddMarketSources(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), venues)
            .BuildServiceProvider();

    private static string[] SymbolsOf<TOptions>(ServiceProvider provider, string venue) where TOptions : VenueOptions =>
        provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(venue).Symbols;

    [Fact]
    public async Task Configured_symbols_replace_each_venues_defaults_instead_of_joining_them()
    {
        await using var log = new TemporaryLog();
        await using var provider = Build(log, new()
        {
            ["Ingest:Venues:binance:Symbols:0"] = "SOLUSDT",
            ["Ingest:Venues:binanceusdm:Symbols:0"] = "XRPUSDT",
            ["Ingest:Venues:coinbase:Symbols:0"] = "SOL-USD",
            ["Ingest:Venues:kraken:Symbols:0"] = "XMR/USD",
            ["Ingest:Bitmex:Symbols:0"] = "SOLUSD",
        }, Venues.Binance, Venues.BinanceUsdm, Venues.Coinbase, Venues.Kraken, Venues.Bitmex);

        Assert.Equal(["SOLUSDT"], SymbolsOf<BinanceReaderOptions>(provider, Venues.Binance));
        Assert.Equal(["XRPUSDT"], SymbolsOf<BinanceReaderOptions>(provider, Venues.BinanceUsdm));
        Assert.Equal(["SOL-USD"], SymbolsOf<CoinbaseOptions>(provider, Venues.Coinbase));
        Assert.Equal(["XMR/USD"], SymbolsOf<KrakenOptions>(provider, Venues.Kraken));
        Assert.Equal(["SOLUSD"], provider.GetRequiredService<IOptions<BitmexReaderOptions>>().Value.Symbols);
    }

    [Fact]
    public async Task Without_configured_symbols_each_venue_reads_its_defaults()
    {
        await using var log = new TemporaryLog();
        await using var provider = Build(log, [], Venues.Binance, Venues.Coinbase, Venues.Kraken, Venues.Bitmex);

        Assert.Equal(["BTCUSDT", "ETHUSDT"], SymbolsOf<BinanceReaderOptions>(provider, Venues.Binance));
        Assert.Equal(["BTC-USD", "ETH-USD"], SymbolsOf<CoinbaseOptions>(provider, Venues.Coinbase));
        Assert.Equal(["BTC/USD", "ETH/USD"], SymbolsOf<KrakenOptions>(provider, Venues.Kraken));
        Assert.Equal(["XBTUSD", "ETHUSD", "SOLUSDT", "XRPUSD"], provider.GetRequiredService<IOptions<BitmexReaderOptions>>().Value.Symbols);
    }
}
