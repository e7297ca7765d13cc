using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Storage.Redis;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Api.DistributedTests;

/// <summary>The api process with <c>Prices:Kind=Redis</c> answers <c>/current_price</c> from Redis, answers the last known
/// price marked stale while Redis is down, and reads Redis again once it is back.</summary>
public sealed class RedisPriceTests
{
    private static readonly InstrumentId Instrument = InstrumentId.Of(Venues.Bitmex, "XBTUSD");
    private static readonly HttpClient Http = new();

    [BackendsFact(postgres: false, redisServer: true)]
    public async Task Current_price_comes_from_redis_is_marked_stale_while_redis_is_down_and_recovers_when_it_is_back()
    {
        using var redis = new RedisServerProcess();
        redis.Start();
        await WritePriceAsync(redis, 30000.5m, new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc));
        using var data = new ScratchDirectory();
        using var api = ApiProcess.Start(new Dictionary<string, string>
        {
            ["Prices__Kind"] = "Redis",
            ["Prices__Redis__Configuration"] = redis.Configuration,
            ["Prices__Redis__OperationTimeoutMs"] = "500",
        }, "api", "--data-dir", data.Path, "--urls", "http://127.0.0.1:0");
        var url = new Uri(await api.ListeningAsync(), $"/current_price?symbol={Instrument}");

        var fresh = await ReadAsync(url);
        Assert.Equal((HttpStatusCode.OK, false, 30000.5m), (fresh.Status, fresh.Stale, fresh.BuyPrice));

        redis.Stop();
        var stale = await ReadAsync(url);
        Assert.Equal((HttpStatusCode.OK, true, 30000.5m), (stale.Status, stale.Stale, stale.BuyPrice));

        // Redis comes back empty (no persistence); a writer's next price reaches the api through it.
        redis.Start();
        await WritePriceAsync(redis, 30001.25m, new DateTime(2024, 3, 1, 12, 0, 1, DateTimeKind.Utc));
        await Eventually.TrueAsync(async () => await ReadAsync(url) is { Status: HttpStatusCode.OK, Stale: false, BuyPrice: 30001.25m },
            "the api reads the new price from Redis without the stale header");
    }

    private static async Task WritePriceAsync(RedisServerProcess redis, decimal price, DateTime time)
    {
        await using var cache = await RedisPriceCache.OpenAsync(new RedisPriceOptions { Configuration = redis.Configuration });
        await cache.UpdateAsync([new Trade(Instrument, $"{time.Ticks}", time, price, 1m, price, TakerSide.Buy, IsMarket: true)], [], CancellationToken.None);
    }

    private static async Task<(HttpStatusCode Status, bool Stale, decimal? BuyPrice)> ReadAsync(Uri url)
    {
        using var response = await Http.GetAsync(url);
        var stale = response.Headers.TryGetValues("X-Price-Stale", out var values) && values.Single() == "true";
        if (response.StatusCode != HttpStatusCode.OK) return (response.StatusCode, stale, null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, stale, body.GetProperty("buy_price").GetDecimal());
    }
}
