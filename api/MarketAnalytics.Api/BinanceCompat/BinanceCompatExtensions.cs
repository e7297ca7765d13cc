using MarketAnalytics.Core;
using MarketAnalytics.OrderBook;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.BinanceCompat;

/// <summary>Registers and maps the Binance-compatible API: market data for every venue under <c>/venues/{venue}/api/v3</c>, trading
/// on the internal exchange under <c>/venues/internal/api/v3</c>, market streams under <c>/venues/{venue}/ws</c> and
/// <c>/venues/{venue}/stream</c>.</summary>
public static class BinanceCompatExtensions
{
    /// <summary>The base path of a venue's Binance-compatible API.</summary>
    public static string BasePath(string venue) => $"/venues/{venue}/api/v3";

    public static IServiceCollection AddBinanceCompat(this IServiceCollection services)
    {
        services.AddSingleton<VenueCatalog>();
        services.AddSingleton<VenuePrices>();
        services.AddSingleton<LoggedTrades>();
        services.AddSingleton<UserFills>();
        services.AddSingleton(sp => new ApiSecrets(sp.GetRequiredService<IOptions<ExchangeOptions>>().Value.DataDirectory));
        return services;
    }

    public static IEndpointRouteBuilder MapBinanceCompat(this IEndpointRouteBuilder app)
    {
        app.MapGroup(BasePath("{venue}")).WithTags("Binance-compatible market data").MapBinanceMarketEndpoints();
        app.MapGroup(BasePath(Venues.Internal)).WithTags("Binance-compatible trading (internal)").MapBinanceTradingEndpoints();
        app.MapBinanceStreamEndpoints();
        return app;
    }
}
