using System.Text.Json;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Storage.Testing;
using StackExchange.Redis;

namespace MarketAnalytics.Storage.Redis.Tests;

public sealed class RedisPriceCacheTests
{
    private static readonly DateTime Noon = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    // Each test prices its own symbol, so tests sharing the server never see each other's keys.
    private static InstrumentId NewInstrument() => InstrumentId.Of(Venues.Binance, $"T{Guid.NewGuid():N}"[..20].ToUpperInvariant());

    private static Trade Buy(InstrumentId instrument, DateTime time, decimal price) =>
        new(instrument, $"{time.Ticks}", time, price, 1m, price, TakerSide.Buy);

    private static Trade Sell(InstrumentId instrument, DateTime time, decimal price) =>
        new(instrument, $"{time.Ticks}", time, price, 1m, price, TakerSide.Sell);

    private static Task<RedisPriceCache> OpenAsync(string configuration) =>
        RedisPriceCache.OpenAsync(new RedisPriceOptions { Configuration = configuration });

    private static string SharedServer => Environment.GetEnvironmentVariable(RedisFactAttribute.Variable)!;

    [RedisFact]
    public async Task Prices_land_in_the_hash_and_the_seed_systems_plain_keys()
    {
        var btc = NewInstrument();
        await using var cache = await OpenAsync(SharedServer);
        var quote = new Quote(btc, Noon.AddTicks(7), 64999.50m, 1.25m, 65000.10m, 0.75m);

        await cache.UpdateAsync([Buy(btc, Noon, 65000.10m), Sell(btc, Noon.AddSeconds(1), 64999.00m)], [quote], default);

        using var redis = await ConnectionMultiplexer.ConnectAsync(SharedServer);
        var database = redis.GetDatabase();
        var hash = (await database.HashGetAllAsync($"price:binance:{btc.Symbol}")).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        Assert.Equal("65000.10", hash["buy"]);
        Assert.Equal("64999.00", hash["sell"]);
        Assert.Equal(("64999.50", "65000.10", "1.25", "0.75"), (hash["bid"], hash["ask"], hash["bid_size"], hash["ask_size"]));
        Assert.Equal("2024-03-01T12:00:01.0000000Z", hash["ts"]);
        Assert.Equal("2024-03-01T12:00:00.0000007Z", hash["quote_ts"]);
        Assert.Equal("65000.10", (string?)await database.StringGetAsync($"{btc.Symbol}_Buy"));
        Assert.Equal("64999.00", (string?)await database.StringGetAsync($"{btc.Symbol}_Sell"));

        var reading = await cache.GetAsync(btc, default);
        Assert.False(reading.IsStale);
        Assert.Equal(("65000.10", "64999.50"), (reading.Price!.BuyPrice.ToString(), reading.Price.BidPrice.ToString()));
        Assert.Equal(quote.Time, reading.Price.QuoteTime);
    }

    [RedisFact]
    public async Task Each_change_is_published_as_json_on_the_instruments_channel()
    {
        var eth = NewInstrument();
        await using var cache = await OpenAsync(SharedServer);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await cache.SubscribeAsync(eth, message => received.TrySetResult(message));

        await cache.UpdateAsync([Buy(eth, Noon, 3500.5m)], [], default);

        using var json = JsonDocument.Parse(await received.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(eth.ToString(), json.RootElement.GetProperty("instrument").GetString());
        Assert.Equal("3500.5", json.RootElement.GetProperty("buy").GetString());
        Assert.Equal("2024-03-01T12:00:00.0000000Z", json.RootElement.GetProperty("ts").GetString());
    }

    [RedisFact]
    public async Task An_older_trade_does_not_overwrite_a_newer_one_even_from_another_writer()
    {
        var btc = NewInstrument();
        await using var first = await OpenAsync(SharedServer);
        await using var second = await OpenAsync(SharedServer);

        await first.UpdateAsync([Buy(btc, Noon.AddSeconds(10), 200m)], [], default);
        await second.UpdateAsync([Buy(btc, Noon.AddSeconds(5), 100m), Sell(btc, Noon.AddSeconds(5), 99m)], [], default);

        var price = (await first.GetAsync(btc, default)).Price!;
        Assert.Equal((200m, Noon.AddSeconds(10)), (price.BuyPrice, price.BuyTime));
        Assert.Equal(99m, price.SellPrice);
    }

    [RedisFact]
    public async Task An_instrument_never_priced_reads_as_no_price()
    {
        await using var cache = await OpenAsync(SharedServer);

        var reading = await cache.GetAsync(NewInstrument(), default);

        Assert.Equal((null, false), (reading.Price, reading.IsStale));
    }

    [RedisServerFact]
    public async Task While_redis_is_down_reads_are_stale_last_known_values_and_it_recovers_by_itself()
    {
        var btc = NewInstrument();
        using var server = new RedisServerProcess();
        server.Start();
        await using var cache = await OpenAsync(server.Configuration);
        await cache.UpdateAsync([Buy(btc, Noon, 100m)], [], default);
        Assert.False((await cache.GetAsync(btc, default)).IsStale);

        server.Stop();
        var down = await cache.GetAsync(btc, default);
        await cache.UpdateAsync([Sell(btc, Noon.AddSeconds(1), 99m)], [], default);
        var stillDown = await cache.GetAsync(btc, default);

        Assert.True(down.IsStale);
        Assert.Equal(100m, down.Price!.BuyPrice);
        Assert.True(stillDown.IsStale);
        Assert.Equal((100m, 99m), (stillDown.Price!.BuyPrice, stillDown.Price.SellPrice));

        server.Start();
        // The restarted server is empty; the next write after the reconnect pushes everything kept during the outage.
        var back = await Eventually.ValueAsync(() => cache.GetAsync(btc, default).AsTask(), read => !read.IsStale, "the cache to reconnect");
        Assert.False(back.IsStale);
        await cache.UpdateAsync([Buy(btc, Noon.AddSeconds(2), 101m)], [], default);
        var fresh = await cache.GetAsync(btc, default);
        Assert.False(fresh.IsStale);
        Assert.Equal((101m, 99m), (fresh.Price!.BuyPrice, fresh.Price.SellPrice));
    }

    [Fact]
    public void A_missing_configuration_is_named_in_the_validation_message()
    {
        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(new RedisPriceOptions().Validate);

        Assert.Contains("Prices:Redis:Configuration", error.Message);
    }
}
