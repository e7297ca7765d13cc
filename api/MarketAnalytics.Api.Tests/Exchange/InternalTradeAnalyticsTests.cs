using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Core.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Api.Tests.Exchange;

/// <summary>A trade made through <c>POST /api/v1/orders</c> reaches the analytics the way exchange trades do: through the market
/// log as <c>internal:BTC-USDT</c>, the aggregation job and the price cache.</summary>
public sealed class InternalTradeAnalyticsTests : IAsyncLifetime
{
    private const string Instrument = "internal:BTC-USDT";

    private ExchangeHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await ExchangeHost.StartAsync(Role.Run, "--Aggregation:PollInterval=00:00:00.050");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Its_orders_fills_and_wallet_changes_are_in_the_log_s_orders_and_wallets_topics()
    {
        var (buyerId, buyer) = await _host.CreateUserAsync(("USDT", 10_000m));
        var (_, seller) = await _host.CreateUserAsync(("BTC", 1m));
        var maker = await _host.PlaceAsync(seller, new { symbol = "BTC-USDT", side = "sell", price = 50000m, quantity = 0.1m });
        var taker = await _host.PlaceAsync(buyer, new { symbol = "BTC-USDT", side = "buy", price = 50000m, quantity = 0.03m });
        var log = _host.Services.GetRequiredService<IEventLog>();

        List<LoggedEvent> orders = [], wallets = [];
        // The feed appends a command's events together, right after the journal commit; wait (bounded) until the fills are there.
        await Eventually.TrueAsync(async () =>
        {
            orders = await log.ReadEventsAsync(EventTopic.Orders, default).ToListAsync();
            wallets = await log.ReadEventsAsync(EventTopic.Wallets, default).ToListAsync();
            return orders.Count(e => e.Type == "fill") >= 2;
        }, "both fills in the orders topic");

        var market = InstrumentId.Parse(Instrument);
        Assert.All(orders, e => Assert.Equal(market, e.Partition));
        var takerId = taker.GetProperty("order_id").GetInt64();
        var takerUpdate = orders.Last(e => e.Type == "order" && JsonDocument.Parse(e.Json).RootElement.GetProperty("order").GetProperty("order_id").GetInt64() == takerId);
        Assert.Equal("filled", JsonDocument.Parse(takerUpdate.Json).RootElement.GetProperty("order").GetProperty("status").GetString());
        Assert.Contains(orders, e => e.Type == "order" && e.Json.Contains($"\"order_id\":{maker.GetProperty("order_id").GetInt64()}", StringComparison.Ordinal));
        var fills = orders.Where(e => e.Type == "fill").Select(e => JsonDocument.Parse(e.Json).RootElement).ToList();
        Assert.Equal([false, true], fills.Select(f => f.GetProperty("is_maker").GetBoolean()));
        Assert.All(fills, f => Assert.Equal((50000m, 0.03m), (f.GetProperty("price").GetDecimal(), f.GetProperty("quantity").GetDecimal())));
        var buyerUsdt = wallets.Last(e => e.Partition == InstrumentId.Of(Venues.Internal, "USDT")
            && JsonDocument.Parse(e.Json).RootElement.GetProperty("user").GetInt64() == buyerId);
        // 10,000 - 1,500 notional - 3 taker fee (0.20 %).
        Assert.Equal(8_497m, JsonDocument.Parse(buyerUsdt.Json).RootElement.GetProperty("balance").GetProperty("available").GetDecimal());
        Assert.Equal(orders.Select(e => e.Sequence).Order(), orders.Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_internal_trade_shows_in_candles_current_price_and_the_analytics_endpoints()
    {
        var (_, buyer) = await _host.CreateUserAsync(("USDT", 10_000m));
        var (_, seller) = await _host.CreateUserAsync(("BTC", 1m));
        await _host.PlaceAsync(seller, new { symbol = "BTC-USDT", side = "sell", price = 50000m, quantity = 0.1m });
        var taker = await _host.PlaceAsync(buyer, new { symbol = "BTC-USDT", side = "buy", price = 50000m, quantity = 0.03m });
        Assert.Equal("filled", taker.GetProperty("status").GetString());
        var time = (await _host.OkAsync(HttpMethod.Get, "/api/v1/trades/BTC-USDT", null))[0].GetProperty("time").GetDateTime();

        var candle = await CommittedCandleAsync();
        Assert.Equal(Instrument, candle.GetProperty("symbol").GetString());
        Assert.Equal((50000m, 0.03m, 1500m, 1L), (candle.GetProperty("close").GetDecimal(), candle.GetProperty("volume").GetDecimal(),
            candle.GetProperty("quote_volume").GetDecimal(), candle.GetProperty("trades").GetInt64()));
        Assert.Equal(0.03m, candle.GetProperty("taker_buy_volume").GetDecimal());

        var price = await _host.OkAsync(HttpMethod.Get, $"/current_price?symbol={Instrument}", null);
        Assert.Equal(50000m, price.GetProperty("buy_price").GetDecimal());

        // Each window relative to as_of: the trade's hour is H-2 and its minute M-3.
        var hours = Iso(time.AddHours(2));
        var minutes = Iso(time.AddMinutes(3));
        var hour = Iso(new DateTime(time.Ticks - time.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc));

        var transactions = await _host.OkAsync(HttpMethod.Get, $"/transactions/last_6_hours?as_of={hours}", null);
        Assert.Equal(1, HourOf(transactions.GetProperty(Instrument), hour).GetProperty("num_transactions").GetInt64());

        var volume = await _host.OkAsync(HttpMethod.Get, $"/volume/last_6_hours?as_of={hours}", null);
        Assert.Equal(0.03m, volume.GetProperty(Instrument).GetProperty("total_volume").GetDecimal());
        Assert.Equal(1500m, volume.GetProperty(Instrument).GetProperty("total_quote_volume").GetDecimal());

        var stats = await _host.OkAsync(HttpMethod.Get, $"/aggregated_stats/last_12_hours?as_of={hours}", null);
        Assert.Equal(1500m, HourOf(stats.GetProperty(Instrument), hour).GetProperty("total_quote_volume").GetDecimal());

        var recent = await _host.OkAsync(HttpMethod.Get, $"/trades/last_n_minutes?symbol={Instrument}&minutes=5&as_of={minutes}", null);
        Assert.Equal(1, recent.GetProperty("num_trades").GetInt64());

        var top = await _host.OkAsync(HttpMethod.Get, $"/top_cryptos_last_hour?top_n=10&as_of={minutes}", null);
        var ranked = top.GetProperty("top_cryptocurrencies").EnumerateArray().Single(e => e.GetProperty("symbol").GetString() == Instrument);
        Assert.Equal(1500m, ranked.GetProperty("total_quote_volume").GetDecimal());
    }

    /// <summary>The candle of the trade once the aggregation job has committed it (it polls the log; a guard bounds the wait).</summary>
    private async Task<JsonElement> CommittedCandleAsync()
    {
        var candle = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            // An empty list (or a 404 where the exchange is not in the process): not committed yet.
            var (status, candles) = await _host.SendAsync(HttpMethod.Get, $"/api/v1/candles?symbol={Instrument}&interval=1m", null);
            Assert.True(status is 200 or 404, $"candles answered {status}: {candles}");
            if (status != 200 || candles.GetArrayLength() == 0) return false;
            candle = candles[0];
            return true;
        }, "a committed candle", TimeSpan.FromSeconds(60));
        return candle;
    }

    private static JsonElement HourOf(JsonElement hours, string hour) =>
        hours.EnumerateArray().Single(h => h.GetProperty("hour").GetDateTime() == DateTime.Parse(hour, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));

    private static string Iso(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
