using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Ingest.Binance;

/// <summary>The <c>binance</c> (spot) and <c>binanceusdm</c> (USD-M futures) venues' registrations (see <see cref="MarketVenues"/>).</summary>
public static class BinanceRegistration
{
    public static void AddSpot(IServiceCollection services, IConfiguration configuration) => Add(services, configuration, BinanceMarket.Spot, "ticker");

    public static void AddUsdm(IServiceCollection services, IConfiguration configuration) => Add(services, configuration, BinanceMarket.UsdM, "bookTicker");

    private static void Add(IServiceCollection services, IConfiguration configuration, BinanceMarket market, string quoteStream) =>
        services.AddGapFilledVenueSource<BinanceReaderOptions, BinanceWebSocketReader>(configuration, market.Venue, market.RateLimits, options =>
        {
            options.WebSocketUrl = market.WebSocketUrl;
            options.RestUrl = market.RestUrl;
            options.QuoteStream = quoteStream;
        }, ["BTCUSDT", "ETHUSDT"], (_, http, options) => new BinanceTradeHistory(market, http, options.RestUrl), consecutiveIds: true, market);
}
