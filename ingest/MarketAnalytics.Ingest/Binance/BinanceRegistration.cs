using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Binance;

/// <summary>The <c>binance</c> (spot) and <c>binanceusdm</c> (USD-M futures) venues' registrations (see <see cref="MarketVenues"/>).</summary>
public static class BinanceRegistration
{
    public static void AddSpot(IServiceCollection services, IConfiguration configuration) => Add(services, configuration, BinanceMarket.Spot, "ticker");

    public static void AddUsdm(IServiceCollection services, IConfiguration configuration) => Add(services, configuration, BinanceMarket.UsdM, "bookTicker");

    private static void Add(IServiceCollection services, IConfiguration configuration, BinanceMarket market, string quoteStream)
    {
        services.AddVenueRestClient(market.Venue, market.RateLimits);
        services.AddVenueSource<BinanceReaderOptions>(configuration, market.Venue, options =>
        {
            options.WebSocketUrl = market.WebSocketUrl;
            options.RestUrl = market.RestUrl;
            options.Symbols = ["BTCUSDT", "ETHUSDT"];
            options.QuoteStream = quoteStream;
        }, (sp, options) =>
        {
            var history = new BinanceTradeHistory(market, sp.GetRequiredService<IHttpClientFactory>().CreateClient(market.Venue), options.RestUrl);
            return new BinanceWebSocketReader(market, options, sp.CreateLiveGapFill(market.Venue, history, consecutiveIds: true),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BinanceWebSocketReader>>());
        });
    }
}
