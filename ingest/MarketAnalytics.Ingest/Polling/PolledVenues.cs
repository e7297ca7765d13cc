using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Bybit;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Okx;
using Microsoft.Extensions.Configuration;

namespace MarketAnalytics.Ingest.Polling;

/// <summary>The venues the scheduled REST source can poll: each builds its REST trade history from its
/// <c>Ingest:Venues:{venue}</c> settings (<c>RestUrl</c>, …) on the given client. Adding a venue is one line here.</summary>
public static class PolledVenues
{
    public static readonly IReadOnlyDictionary<string, Func<IConfiguration, HttpClient, ITradeHistory>> Histories =
        new Dictionary<string, Func<IConfiguration, HttpClient, ITradeHistory>>(StringComparer.Ordinal)
        {
            [Venues.Okx] = OkxRegistration.CreateHistory,
            [Venues.Bybit] = BybitRegistration.CreateHistory,
        };
}
