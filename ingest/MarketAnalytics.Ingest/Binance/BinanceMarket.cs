using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;

namespace MarketAnalytics.Ingest.Binance;

/// <summary>What differs between Binance's spot and USD-M futures APIs: venue id, production addresses, the REST trade
/// history's path and page size, and the weight limit.</summary>
/// <param name="Venue">The venue id (<see cref="Venues.Binance"/> or <see cref="Venues.BinanceUsdm"/>).</param>
/// <param name="WebSocketUrl">The production WebSocket base address.</param>
/// <param name="RestUrl">The production REST base address.</param>
/// <param name="HistoryPath">The path of the trade history that pages by <c>fromId</c>.</param>
/// <param name="PageSize">The most trades one history request returns (spot 1000, USD-M 500).</param>
/// <param name="RateLimits">Binance's weight header and limit per minute for this API.</param>
public sealed record BinanceMarket(string Venue, Uri WebSocketUrl, Uri RestUrl, string HistoryPath, int PageSize, RateLimitPolicy RateLimits)
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    /// <summary>Binance spot: <c>GET /api/v3/historicalTrades</c>, 1000 trades a page, 6000 weight a minute.</summary>
    public static readonly BinanceMarket Spot = new(Venues.Binance, new Uri("wss://stream.binance.com:9443"), new Uri("https://api.binance.com"),
        "/api/v3/historicalTrades", 1000, new RateLimitPolicy("X-MBX-USED-WEIGHT-1M", 6000, MaxWait));

    /// <summary>Binance USD-M futures: <c>GET /fapi/v1/historicalTrades</c>, at most 500 trades a page (whatever <c>limit</c>
    /// asks), 2400 weight a minute.</summary>
    public static readonly BinanceMarket UsdM = new(Venues.BinanceUsdm, new Uri("wss://fstream.binance.com"), new Uri("https://fapi.binance.com"),
        "/fapi/v1/historicalTrades", 500, new RateLimitPolicy("X-MBX-USED-WEIGHT-1M", 2400, MaxWait));
}
