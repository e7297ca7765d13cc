using System.Text.Json;

namespace MarketAnalytics.Api.Tests.Exchange;

/// <summary>The money invariants checked from outside, through the API only: after concurrent orders, cancels, replaces, transfers
/// and requests beyond the bounds, per asset every wallet's available + blocked plus the fee account (<c>GET /api/v1/fees</c>)
/// equals the credits minus the debits answered <c>applied</c>; each user's blocked equals their open orders' blocked; no book is
/// crossed.</summary>
public sealed class MoneyInvariantTests : IAsyncLifetime
{
    private static readonly string[] Assets = ["USDT", "BTC", "ETH"];
    private static readonly (string Symbol, decimal Mid, decimal Tick, decimal Lot)[] Markets =
        [("BTC-USDT", 50_000m, 0.01m, 0.00001m), ("ETH-USDT", 3_000m, 0.01m, 0.0001m)];

    private ExchangeHost _host = null!;
    private readonly Dictionary<string, decimal> _net = Assets.ToDictionary(a => a, _ => 0m);
    private readonly List<(long Id, string Key)> _users = [];
    private readonly List<(string Key, long Order)> _orders = [];

    public async Task InitializeAsync() => _host = await ExchangeHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Concurrent_trading_with_hostile_amounts_conserves_money_as_read_through_the_api()
    {
        for (var i = 0; i < 4; i++)
        {
            var user = await _host.CreateUserAsync();
            _users.Add(user);
            foreach (var (asset, amount) in new[] { ("USDT", 2_000_000m), ("BTC", 30m), ("ETH", 400m) })
                await TransferAsync(user.Id, "credit", asset, amount, $"seed-{asset}");
        }
        var random = new Random(20261207);
        for (var wave = 0; wave < 30; wave++)
        {
            var requests = Enumerable.Range(0, 16).Select(i => Request(random, $"w{wave}-{i}")).ToList();
            await Task.WhenAll(requests.Select(r => r()));
        }

        var fees = (await _host.OkAsync(HttpMethod.Get, "/api/v1/fees", ExchangeHost.AdminKey)).GetProperty("balances").EnumerateArray()
            .ToDictionary(b => b.GetProperty("asset").GetString()!, b => b.GetProperty("amount").GetDecimal());
        Assert.True(fees["USDT"] > 0, "the run made no trade");
        var totals = Assets.ToDictionary(a => a, a => fees[a]);
        foreach (var (id, key) in _users)
        {
            var open = (await _host.OkAsync(HttpMethod.Get, "/api/v1/orders?status=open", key)).EnumerateArray().ToList();
            foreach (var balance in (await _host.OkAsync(HttpMethod.Get, $"/api/v1/wallets/{id}", key)).GetProperty("balances").EnumerateArray())
            {
                var asset = balance.GetProperty("asset").GetString()!;
                var (available, blocked) = (balance.GetProperty("available").GetDecimal(), balance.GetProperty("blocked").GetDecimal());
                Assert.True(available >= 0 && blocked >= 0, $"user {id} {asset} went negative");
                totals[asset] += available + blocked;
                Assert.Equal(open.Where(o => HoldAsset(o) == asset).Sum(o => o.GetProperty("blocked").GetDecimal()), blocked);
            }
            foreach (var order in open)
                Assert.Equal(order.GetProperty("quantity").GetDecimal(), order.GetProperty("filled_quantity").GetDecimal()
                    + order.GetProperty("remaining_quantity").GetDecimal() + order.GetProperty("canceled_quantity").GetDecimal());
        }
        foreach (var asset in Assets) Assert.Equal(_net[asset], totals[asset]);
        foreach (var (symbol, _, _, _) in Markets)
        {
            var book = await _host.OkAsync(HttpMethod.Get, $"/api/v1/orderbook/{symbol}?depth=1", null);
            var (bids, asks) = (book.GetProperty("bids").EnumerateArray().ToList(), book.GetProperty("asks").EnumerateArray().ToList());
            if (bids.Count > 0 && asks.Count > 0) Assert.True(bids[0][0].GetDecimal() < asks[0][0].GetDecimal(), $"{symbol} is crossed");
        }
        var normal = await _host.PlaceAsync(_users[0].Key, new { symbol = "BTC-USDT", side = "buy", price = 1_000m, quantity = 0.01m });
        Assert.Equal("open", normal.GetProperty("status").GetString());
    }

    private Func<Task> Request(Random random, string reference)
    {
        var (id, key) = _users[random.Next(_users.Count)];
        var (symbol, mid, tick, lot) = Markets[random.Next(Markets.Length)];
        var side = random.Next(2) == 0 ? "buy" : "sell";
        var price = mid + random.Next(-40, 41) * tick * 10;
        var quantity = random.Next(1, 3_000) * lot;
        var roll = random.Next(100);
        return roll switch
        {
            < 45 => () => PlaceAsync(key, new { symbol, side, price, quantity, time_in_force = random.Next(4) == 0 ? "ioc" : "gtc" }),
            < 55 => () => PlaceAsync(key, side == "buy"
                ? new { symbol, side, type = "market", funds = (decimal?)(random.Next(10, 50_000) * 1m), quantity = (decimal?)null }
                : new { symbol, side, type = "market", funds = (decimal?)null, quantity = (decimal?)quantity }),
            < 70 => () => CancelOrReplaceAsync(random.Next(2) == 0, key, price, quantity),
            < 80 => () => TransferAsync(id, random.Next(3) == 0 ? "debit" : "credit", Assets[random.Next(Assets.Length)],
                random.Next(1, 1_000) / 100m, reference),
            // Beyond the bounds: refused before the journal, nothing changes.
            _ => () => HostileAsync(key, symbol, random.Next(4)),
        };
    }

    private async Task PlaceAsync(string key, object order)
    {
        var placed = await _host.PlaceAsync(key, order);
        if (placed.GetProperty("status").GetString() is "open" or "partially_filled")
            lock (_orders) _orders.Add((key, placed.GetProperty("order_id").GetInt64()));
    }

    private async Task CancelOrReplaceAsync(bool replace, string key, decimal price, decimal quantity)
    {
        long order;
        lock (_orders)
        {
            var mine = _orders.FindIndex(o => o.Key == key);
            if (mine < 0) return;
            order = _orders[mine].Order;
            _orders.RemoveAt(mine);
        }
        var (status, body) = replace
            ? await _host.SendAsync(HttpMethod.Post, $"/api/v1/orders/{order}/replace", key, new { price, quantity })
            : await _host.SendAsync(HttpMethod.Delete, $"/api/v1/orders/{order}", key);
        Assert.True(status is 200 or 409, $"answered {status}: {body}");
    }

    private async Task TransferAsync(long user, string direction, string asset, decimal amount, string reference)
    {
        var (status, body) = await _host.SendAsync(HttpMethod.Post, $"/api/v1/wallets/{user}/{direction}", ExchangeHost.AdminKey,
            new { asset, amount, reference });
        Assert.True(status is 200 or 409, $"{direction} answered {status}: {body}");
        if (status == 200 && body.GetProperty("outcome").GetString() == "applied")
            lock (_net) _net[asset] += direction == "credit" ? amount : -amount;
    }

    private async Task HostileAsync(string key, string symbol, int kind)
    {
        var body = kind switch
        {
            0 => $$"""{"symbol":"{{symbol}}","side":"buy","price":1000000000000000000000000000,"quantity":0.01}""",
            1 => $$"""{"symbol":"{{symbol}}","side":"sell","price":50000,"quantity":1e24}""",
            2 => $$"""{"symbol":"{{symbol}}","side":"buy","type":"market","funds":1e21}""",
            _ => $$"""{"symbol":"{{symbol}}","side":"buy","price":50000,"quantity":0.01,"funds":79228162514264337593543950335}""",
        };
        var (status, problem) = await _host.SendAsync(HttpMethod.Post, "/api/v1/orders", key, body);
        Assert.Equal(400, status);
        Assert.Equal(JsonValueKind.Object, problem.GetProperty("errors").ValueKind);
    }

    private static string HoldAsset(JsonElement order) =>
        order.GetProperty("side").GetString() == "buy" ? "USDT" : order.GetProperty("symbol").GetString()![..3];
}
