using System.Text.Json;

namespace MarketAnalytics.Api.Tests.Exchange;

public sealed class ExchangeFlowTests : IAsyncLifetime
{
    private ExchangeHost _host = null!;

    public async Task InitializeAsync() => _host = await ExchangeHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Markets_list_the_default_settings()
    {
        var markets = (await _host.OkAsync(HttpMethod.Get, "/api/v1/markets", null)).EnumerateArray().ToList();
        Assert.Equal(["BTC-USDT", "ETH-USDT"], markets.Select(m => m.GetProperty("symbol").GetString()));
        var btc = markets[0];
        Assert.Equal(0.01m, btc.GetProperty("tick_size").GetDecimal());
        Assert.Equal(0.00001m, btc.GetProperty("lot_size").GetDecimal());
        Assert.Equal(1m, btc.GetProperty("min_notional").GetDecimal());
        Assert.Equal(0.001m, btc.GetProperty("maker_fee_rate").GetDecimal());
        Assert.Equal(0.002m, btc.GetProperty("taker_fee_rate").GetDecimal());
        Assert.Equal(0.0001m, markets[1].GetProperty("lot_size").GetDecimal());
    }

    [Fact]
    public async Task Crossing_orders_fill_at_the_makers_prices_and_settle_wallets_book_and_trades_exactly()
    {
        var (buyerId, buyer) = await _host.CreateUserAsync(("USDT", 100_000m));
        var (sellerId, seller) = await _host.CreateUserAsync(("BTC", 2m));
        var first = await _host.PlaceAsync(seller, new { symbol = "BTC-USDT", side = "sell", type = "limit", price = 50000m, quantity = 0.5m });
        var second = await _host.PlaceAsync(seller, new { symbol = "BTC-USDT", side = "sell", price = 50010m, quantity = 0.3m, client_order_id = "s-2" });
        Assert.Equal("open", first.GetProperty("status").GetString());

        var taker = await _host.PlaceAsync(buyer, new { symbol = "BTC-USDT", side = "buy", price = 50010m, quantity = 0.6m });

        Assert.Equal("filled", taker.GetProperty("status").GetString());
        Assert.Equal(0.6m, taker.GetProperty("filled_quantity").GetDecimal());
        Assert.Equal(0m, taker.GetProperty("remaining_quantity").GetDecimal());
        var fills = taker.GetProperty("trades").EnumerateArray().ToList();
        Assert.Equal([(50000m, 0.5m, 50m), (50010m, 0.1m, 10.002m)], fills.Select(Fill));

        // Taker fees 0.2 % and maker fees 0.1 % of each fill's notional; the buyer's hold at 50010 is released down to what was paid.
        await AssertWalletAsync(buyerId, buyer, ("BTC", 0.6m, 0m), ("USDT", 100_000m - 25_000m - 5_001m - 50m - 10.002m, 0m));
        await AssertWalletAsync(sellerId, seller, ("BTC", 1.2m, 0.2m), ("USDT", 25_000m + 5_001m - 25m - 5.001m, 0m));

        var book = await _host.OkAsync(HttpMethod.Get, "/api/v1/orderbook/BTC-USDT?depth=5", null);
        Assert.Equal("BTC-USDT", book.GetProperty("symbol").GetString());
        Assert.Empty(book.GetProperty("bids").EnumerateArray());
        Assert.Equal([[50010m, 0.2m, 1m]], Levels(book.GetProperty("asks")));

        var trades = (await _host.OkAsync(HttpMethod.Get, "/api/v1/trades/BTC-USDT", null)).EnumerateArray().ToList();
        Assert.Equal([(50010m, 0.1m), (50000m, 0.5m)], trades.Select(t => (t.GetProperty("price").GetDecimal(), t.GetProperty("quantity").GetDecimal())));
        Assert.All(trades, t => Assert.Equal("buy", t.GetProperty("taker_side").GetString()));

        var open = (await _host.OkAsync(HttpMethod.Get, "/api/v1/orders?status=open", seller)).EnumerateArray().Single();
        Assert.Equal("partially_filled", open.GetProperty("status").GetString());
        Assert.Equal("s-2", open.GetProperty("client_order_id").GetString());
        var filled = (await _host.OkAsync(HttpMethod.Get, "/api/v1/orders?status=filled", seller)).EnumerateArray().Single();
        Assert.Equal(first.GetProperty("order_id").GetInt64(), filled.GetProperty("order_id").GetInt64());

        var canceled = await _host.OkAsync(HttpMethod.Delete, $"/api/v1/orders/{second.GetProperty("order_id").GetInt64()}", seller);
        Assert.Equal("canceled", canceled.GetProperty("status").GetString());
        Assert.Equal(0.2m, canceled.GetProperty("canceled_quantity").GetDecimal());
        await AssertWalletAsync(sellerId, seller, ("BTC", 1.4m, 0m), ("USDT", 29_970.999m, 0m));
        Assert.Empty((await _host.OkAsync(HttpMethod.Get, "/api/v1/orderbook/BTC-USDT", null)).GetProperty("asks").EnumerateArray());

        var again = await _host.SendAsync(HttpMethod.Delete, $"/api/v1/orders/{second.GetProperty("order_id").GetInt64()}", seller);
        Assert.Equal(409, again.Status);
    }

    [Fact]
    public async Task A_cancel_replace_moves_an_open_order_and_takes_at_once_when_its_new_price_crosses()
    {
        var (_, seller) = await _host.CreateUserAsync(("BTC", 1m));
        var (buyerId, buyer) = await _host.CreateUserAsync(("USDT", 100_000m));
        await _host.PlaceAsync(seller, new { symbol = "BTC-USDT", side = "sell", price = 51000m, quantity = 0.5m });
        var bid = await _host.PlaceAsync(buyer, new { symbol = "BTC-USDT", side = "buy", price = 50000m, quantity = 0.2m });
        var path = $"/api/v1/orders/{bid.GetProperty("order_id").GetInt64()}/replace";

        var replaced = await _host.OkAsync(HttpMethod.Post, path, buyer, new { price = 51000m, quantity = 0.1m, client_order_id = "moved" });

        var old = replaced.GetProperty("replaced");
        Assert.Equal(("canceled", "replaced", 0.2m), (old.GetProperty("status").GetString(), old.GetProperty("reason").GetString(), old.GetProperty("canceled_quantity").GetDecimal()));
        var order = replaced.GetProperty("order");
        Assert.Equal(("filled", "moved", "buy"), (order.GetProperty("status").GetString(), order.GetProperty("client_order_id").GetString(), order.GetProperty("side").GetString()));
        // The taker pays 0.20 % of 5,100.
        Assert.Equal((51000m, 0.1m, 10.2m), Fill(Assert.Single(order.GetProperty("trades").EnumerateArray())));
        await AssertWalletAsync(buyerId, buyer, ("BTC", 0.1m, 0m), ("USDT", 100_000m - 5_100m - 10.2m, 0m));

        Assert.Equal(409, (await _host.SendAsync(HttpMethod.Post, path, buyer, new { price = 50000m, quantity = 0.1m })).Status);
        var missing = await _host.SendAsync(HttpMethod.Post, path, buyer, new { quantity = 0.1m });
        Assert.Equal(400, missing.Status);
        Assert.Contains("price", missing.Body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_the_engine_refuses_is_recorded_as_rejected_with_its_reason()
    {
        var (_, user) = await _host.CreateUserAsync(("USDT", 100m));
        var poor = await _host.PlaceAsync(user, new { symbol = "BTC-USDT", side = "buy", price = 50000m, quantity = 0.01m });
        Assert.Equal("rejected", poor.GetProperty("status").GetString());
        Assert.Equal("insufficient_funds", poor.GetProperty("reason").GetString());
        var listed = await _host.OkAsync(HttpMethod.Get, $"/api/v1/orders/{poor.GetProperty("order_id").GetInt64()}", user);
        Assert.Equal("rejected", listed.GetProperty("status").GetString());
        Assert.False(listed.TryGetProperty("trades", out _));
    }

    [Fact]
    public async Task A_credit_is_applied_once_per_reference_and_a_debit_never_goes_below_zero()
    {
        var (id, key) = await _host.CreateUserAsync();
        var credit = new { asset = "USDT", amount = 12.5m, reference = "deposit-1" };
        var applied = await _host.OkAsync(HttpMethod.Post, $"/api/v1/wallets/{id}/credit", ExchangeHost.AdminKey, credit);
        var repeated = await _host.OkAsync(HttpMethod.Post, $"/api/v1/wallets/{id}/credit", ExchangeHost.AdminKey, credit);
        Assert.Equal("applied", applied.GetProperty("outcome").GetString());
        Assert.Equal("already_applied", repeated.GetProperty("outcome").GetString());

        var tooMuch = await _host.SendAsync(HttpMethod.Post, $"/api/v1/wallets/{id}/debit", ExchangeHost.AdminKey,
            new { asset = "USDT", amount = 12.50000001m, reference = "withdrawal-1" });
        Assert.Equal(409, tooMuch.Status);
        await _host.OkAsync(HttpMethod.Post, $"/api/v1/wallets/{id}/debit", ExchangeHost.AdminKey, new { asset = "USDT", amount = 2.5m, reference = "withdrawal-2" });
        await AssertWalletAsync(id, key, ("USDT", 10m, 0m));
        Assert.Equal(404, (await _host.SendAsync(HttpMethod.Post, "/api/v1/wallets/999/credit", ExchangeHost.AdminKey, credit)).Status);
    }

    private async Task AssertWalletAsync(long id, string key, params (string Asset, decimal Available, decimal Blocked)[] expected)
    {
        var wallet = await _host.OkAsync(HttpMethod.Get, $"/api/v1/wallets/{id}", key);
        Assert.Equal(id, wallet.GetProperty("user_id").GetInt64());
        var balances = wallet.GetProperty("balances").EnumerateArray()
            .ToDictionary(b => b.GetProperty("asset").GetString()!, b => (b.GetProperty("available").GetDecimal(), b.GetProperty("blocked").GetDecimal()));
        foreach (var (asset, available, blocked) in expected) Assert.Equal((available, blocked), balances[asset]);
    }

    private static (decimal, decimal, decimal) Fill(JsonElement t) =>
        (t.GetProperty("price").GetDecimal(), t.GetProperty("quantity").GetDecimal(), t.GetProperty("fee").GetDecimal());

    private static List<decimal[]> Levels(JsonElement side) => [.. side.EnumerateArray().Select(l => l.EnumerateArray().Select(v => v.GetDecimal()).ToArray())];
}
