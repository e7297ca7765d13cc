using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Ingest.Binance;
using MarketAnalytics.Ingest.Bitmex;
using MarketAnalytics.Ingest.Bybit;
using MarketAnalytics.Ingest.Coinbase;
using MarketAnalytics.Ingest.Kraken;
using MarketAnalytics.Ingest.Okx;
using MarketAnalytics.Ingest.Sources;
using MarketAnalytics.Ingest.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Ingest.Tests.Sources;

public sealed class VenueRegistrationTests
{
    private static ServiceProvider Build(TemporaryLog log, Dictionary<string, string?> settings, params string[] venues) =>
        new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(log.Recorder)
            .AddSingleton<IMarketLog>(log.Log)
            .AddMarketSources(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), venues)
            .BuildServiceProvider();

    [Fact]
    public void All_includes_okx_and_bybit()
    {
        Assert.True(SourceSelection.TryParse("all", out var all, out _));
        Assert.Contains(Venues.Okx, all);
        Assert.Contains(Venues.Bybit, all);
        Assert.True(SourceSelection.TryParse("okx,bybit", out var named, out _));
        Assert.Equal([Venues.Okx, Venues.Bybit], named);
    }

    [Fact]
    public async Task Configured_symbols_replace_the_defaults_and_the_base_addresses_get_the_venues_paths()
    {
        await using var log = new TemporaryLog();
        await using var provider = Build(log, new()
        {
            ["Ingest:Venues:okx:Symbols:0"] = "SOL-USDT",
            ["Ingest:Venues:okx:WebSocketUrl"] = "ws://127.0.0.1:1",
            ["Ingest:Venues:bybit:WebSocketUrl"] = "ws://127.0.0.1:2",
            ["Ingest:Venues:bybit:Category"] = "spot",
        }, Venues.Okx, Venues.Bybit);

        var okx = provider.GetRequiredService<IOptionsMonitor<OkxReaderOptions>>().Get(Venues.Okx);
        var bybit = provider.GetRequiredService<IOptionsMonitor<BybitReaderOptions>>().Get(Venues.Bybit);

        Assert.Equal(["SOL-USDT"], okx.Symbols);
        Assert.Equal(new Uri("ws://127.0.0.1:1/ws/v5/business"), okx.Url);
        Assert.Equal(new Uri("https://www.okx.com"), okx.RestUrl);
        Assert.Equal(BybitReaderOptions.DefaultSymbols, bybit.Symbols);
        Assert.Equal(new Uri("ws://127.0.0.1:2/v5/public/spot"), bybit.Url);
        Assert.Equal([Venues.Okx, Venues.Bybit], provider.GetServices<IMarketSource>().Select(s => s.Name));
    }

    [Fact]
    public async Task An_inverse_bybit_symbol_or_an_unknown_category_is_refused_at_start_naming_the_setting()
    {
        await using var log = new TemporaryLog();
        await using var provider = Build(log, new()
        {
            ["Ingest:Venues:bybit:Symbols:0"] = "BTCUSD",
            ["Ingest:Venues:bybit:Category"] = "inverse",
        }, Venues.Bybit);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<BybitReaderOptions>>().Get(Venues.Bybit));

        Assert.Contains("Category must be linear or spot, got 'inverse'", error.Message);
        Assert.Contains("Symbols contains 'BTCUSD', an inverse contract sized in USD, which is not read live", error.Message);
    }

    private static string[] SymbolsOf<TOptions>(ServiceProvider provider, string venue) where TOptions : VenueOptions =>
        provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(venue).Symbols;

    // The configuration binder appends a configured array to the one an options object already holds, so a default list set
    // before binding would silently subscribe the defaults beside the configured symbols.
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
