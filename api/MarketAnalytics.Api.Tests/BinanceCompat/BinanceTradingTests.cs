using System.Text.Json;
using MarketAnalytics.Api.Tests.Exchange;

namespace MarketAnalytics.Api.Tests.BinanceCompat;

/// <summary>Trading on the internal exchange through its Binance-compatible API: signed requests, Binance's order shapes and
/// statuses, fees in the quote asset, and one user's key against another's orders.</summary>
public sealed class BinanceTradingTests(ExchangeHostFixture fixture) : IClassFixture<ExchangeHostFixture>
{
    private ExchangeHost Host => fixture.Host;

    [Fact]
    public async Task A_new_user_gets_an_api_secret_that_signs_their_requests()
    {
        var trader = await BinanceTrader.CreateAsync(Host, ("USDT", 1234.5m));
        Assert.Matches("^[0-9a-f]{64}$", trader.Secret);

        var account = await trader.OkAsync(HttpMethod.Get, "/account");
        Assert.Equal("SPOT", account.GetProperty("accountType").GetString());
        Assert.Equal(10, account.GetProperty("makerCommission").GetInt32());
        Assert.Equal(20, account.GetProperty("takerCommission").GetInt32());
        Assert.Equal((1234.5m, 0m), (await trader.BalancesAsync())["USDT"]);
        var nonZero = await trader.OkAsync(HttpMethod.Get, "/account", ("omitZeroBalances", "true"));
        Assert.Equal(["USDT"], nonZero.GetProperty("balances").EnumerateArray().Select(b => b.GetProperty("asset").GetString()));
    }

    [Fact]
    public async Task A_wrong_or_missing_signature_is_refused_with_1022()
    {
        var trader = await BinanceTrader.CreateAsync(Host);
        var other = await BinanceTrader.CreateAsync(Host);
        var text = BinanceTrader.Encode([("timestamp", BinanceTrader.Now())]);

        await AssertError(401, -1022, trader.RawAsync(HttpMethod.Get, "/account", $"{text}&signature={BinanceTrader.Sign(other.Secret, text)}", ""));
        await AssertError(401, -1022, trader.RawAsync(HttpMethod.Get, "/account", text, ""));
        await AssertError(401, -1022, trader.RawAsync(HttpMethod.Get, "/account", $"{text}&signature=nothex", ""));
        var signed = $"{text}&signature={BinanceTrader.Sign(trader.Secret, text)}";
        await AssertError(401, -1022, trader.RawAsync(HttpMethod.Get, "/account", signed + "&omitZeroBalances=true", ""));
        Assert.Equal(200, (await trader.RawAsync(HttpMethod.Get, "/account", signed, "")).Status);
    }

    [Fact]
    public async Task A_signature_covers_the_query_string_followed_by_the_form_body()
    {
        var trader = await BinanceTrader.CreateAsync(Host, ("USDT", 1000m));
        var query = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC";
        var body = $"quantity=0.001&price=10000&recvWindow=5000&timestamp={BinanceTrader.Now()}";
        var (status, order) = await trader.RawAsync(HttpMethod.Post, "/order", query, $"{body}&signature={BinanceTrader.Sign(trader.Secret, query + body)}");
        Assert.Equal(200, status);
        Assert.Equal("NEW", order.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_timestamp_outside_recv_window_is_refused_with_1021_so_an_old_request_cannot_be_replayed()
    {
        var trader = await BinanceTrader.CreateAsync(Host);
        var old = BinanceTrader.Now() - 10_000;

        await AssertError(401, -1021, trader.SendAsync(HttpMethod.Get, "/account", ("timestamp", old)));
        Assert.Equal(200, (await trader.SendAsync(HttpMethod.Get, "/account", ("recvWindow", 20_000), ("timestamp", old))).Status);
        await AssertError(401, -1021, trader.SendAsync(HttpMethod.Get, "/account", ("timestamp", BinanceTrader.Now() + 5_000)));
        await AssertError(400, -1100, trader.SendAsync(HttpMethod.Get, "/account", ("recvWindow", 60_001)));

        // A signed request is accepted while it is inside its window and refused, as a replay, once it is older than that.
        var text = BinanceTrader.Encode([("recvWindow", 30_000), ("timestamp", BinanceTrader.Now() - 20_000)]);
        var signed = $"{text}&signature={BinanceTrader.Sign(trader.Secret, text)}";
        Assert.Equal(200, (await trader.RawAsync(HttpMethod.Get, "/account", signed, "")).Status);
        var stale = BinanceTrader.Encode([("recvWindow", 30_000), ("timestamp", BinanceTrader.Now() - 40_000)]);
        await AssertError(401, -1021, trader.RawAsync(HttpMethod.Get, "/account", $"{stale}&signature={BinanceTrader.Sign(trader.Secret, stale)}", ""));
    }

    [Fact]
    public async Task A_missing_or_unknown_key_and_a_missing_timestamp_are_refused()
    {
        var trader = await BinanceTrader.CreateAsync(Host);
        await AssertError(401, -2014, trader.RawAsync(HttpMethod.Get, "/account", "timestamp=1", "", apiKey: ""));
        await AssertError(401, -2015, trader.RawAsync(HttpMethod.Get, "/account", "timestamp=1", "", apiKey: "mak_nobody"));
        await AssertError(400, -1102, trader.RawAsync(HttpMethod.Get, "/account", "signature=00", ""));
    }

    [Fact]
    public async Task A_limit_order_rests_is_found_by_either_id_and_is_canceled()
    {
        var trader = await BinanceTrader.CreateAsync(Host, ("USDT", 1000m));
        var placed = await trader.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"),
            ("quantity", "0.01"), ("price", "20000"), ("newClientOrderId", "my-first"), ("newOrderRespType", "RESULT"));
        var id = placed.GetProperty("orderId").GetInt64();
        Assert.Equal("NEW", placed.GetProperty("status").GetString());
        Assert.Equal("my-first", placed.GetProperty("clientOrderId").GetString());
        Assert.Equal("LIMIT", placed.GetProperty("type").GetString());
        Assert.Equal("GTC", placed.GetProperty("timeInForce").GetString());
        Assert.Equal(0.01m, BinanceTrader.Dec(placed, "origQty"));
        Assert.Equal(0m, BinanceTrader.Dec(placed, "executedQty"));
        Assert.False(placed.TryGetProperty("fills", out _));
        var (free, locked) = (await trader.BalancesAsync())["USDT"];
        Assert.Equal(1000m, free + locked);
        Assert.True(locked >= 200m, $"locked {locked}");

        var byId = await trader.OkAsync(HttpMethod.Get, "/order", ("symbol", "BTCUSDT"), ("orderId", id));
        var byClientId = await trader.OkAsync(HttpMethod.Get, "/order", ("symbol", "BTCUSDT"), ("origClientOrderId", "my-first"));
        Assert.Equal(byId.ToString(), byClientId.ToString());
        Assert.True(byId.GetProperty("isWorking").GetBoolean());
        var open = await trader.OkAsync(HttpMethod.Get, "/openOrders", ("symbol", "BTCUSDT"));
        Assert.Equal([id], open.EnumerateArray().Select(o => o.GetProperty("orderId").GetInt64()));

        var canceled = await trader.OkAsync(HttpMethod.Delete, "/order", ("symbol", "BTCUSDT"), ("orderId", id));
        Assert.Equal("CANCELED", canceled.GetProperty("status").GetString());
        Assert.Equal("my-first", canceled.GetProperty("origClientOrderId").GetString());
        Assert.Equal((1000m, 0m), (await trader.BalancesAsync())["USDT"]);
        Assert.Equal(0, (await trader.OkAsync(HttpMethod.Get, "/openOrders")).GetArrayLength());
        var all = await trader.OkAsync(HttpMethod.Get, "/allOrders", ("symbol", "BTCUSDT"));
        Assert.Equal("CANCELED", all.EnumerateArray().Single().GetProperty("status").GetString());
        await AssertError(400, -2011, trader.SendAsync(HttpMethod.Delete, "/order", ("symbol", "BTCUSDT"), ("orderId", id)));
    }

    [Fact]
    public async Task Market_orders_fill_with_fees_in_the_quote_asset_and_exact_balances()
    {
        // Orders here cross, so the book is this test's own.
        await using var host = await ExchangeHost.StartAsync();
        var maker = await BinanceTrader.CreateAsync(host, ("BTC", 1m), ("USDT", 100_000m));
        var taker = await BinanceTrader.CreateAsync(host, ("USDT", 10_000m));
        var ask = await maker.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT_MAKER"),
            ("quantity", "0.1"), ("price", "50000"));
        Assert.Equal("LIMIT_MAKER", ask.GetProperty("type").GetString());
        Assert.Empty(ask.GetProperty("fills").EnumerateArray());

        // 0.02 BTC cost 1000 USDT and a 0.2 % taker fee of 2: a budget of 1002 buys exactly that, the fee inside the budget.
        var buy = await taker.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quoteOrderQty", "1002"));
        Assert.Equal("FILLED", buy.GetProperty("status").GetString());
        Assert.Equal(0.02m, BinanceTrader.Dec(buy, "executedQty"));
        Assert.Equal(1000m, BinanceTrader.Dec(buy, "cummulativeQuoteQty"));
        Assert.Equal(1002m, BinanceTrader.Dec(buy, "origQuoteOrderQty"));
        var fill = buy.GetProperty("fills").EnumerateArray().Single();
        Assert.Equal(50000m, BinanceTrader.Dec(fill, "price"));
        Assert.Equal(0.02m, BinanceTrader.Dec(fill, "qty"));
        Assert.Equal(2m, BinanceTrader.Dec(fill, "commission"));
        Assert.Equal("USDT", fill.GetProperty("commissionAsset").GetString());

        var bid = await maker.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"),
            ("quantity", "0.05"), ("price", "49000"), ("newOrderRespType", "ACK"));
        Assert.False(bid.TryGetProperty("status", out _));
        var sell = await taker.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "MARKET"), ("quantity", "0.01"));
        Assert.Equal("FILLED", sell.GetProperty("status").GetString());
        Assert.Equal(0.98m, BinanceTrader.Dec(sell.GetProperty("fills")[0], "commission"));

        var takerBalances = await taker.BalancesAsync();
        Assert.Equal((0.01m, 0m), takerBalances["BTC"]);
        Assert.Equal((10_000m - 1002m + 490m - 0.98m, 0m), takerBalances["USDT"]);
        var makerBalances = await maker.BalancesAsync();
        Assert.Equal((0.91m, 0.08m), makerBalances["BTC"]);
        Assert.Equal(100_000m + 1000m - 1m - 490m - 0.49m, makerBalances["USDT"].Free + makerBalances["USDT"].Locked);

        var takerTrades = (await taker.OkAsync(HttpMethod.Get, "/myTrades", ("symbol", "BTCUSDT"))).EnumerateArray().ToList();
        Assert.Equal([true, false], takerTrades.Select(t => t.GetProperty("isBuyer").GetBoolean()));
        Assert.All(takerTrades, t => Assert.False(t.GetProperty("isMaker").GetBoolean()));
        Assert.Equal([2m, 0.98m], takerTrades.Select(t => BinanceTrader.Dec(t, "commission")));
        Assert.All(takerTrades, t => Assert.Equal("USDT", t.GetProperty("commissionAsset").GetString()));
        Assert.Equal([1000m, 490m], takerTrades.Select(t => BinanceTrader.Dec(t, "quoteQty")));
        var makerTrades = (await maker.OkAsync(HttpMethod.Get, "/myTrades", ("symbol", "BTCUSDT"), ("orderId", ask.GetProperty("orderId").GetInt64()))).EnumerateArray().ToList();
        var makerFill = Assert.Single(makerTrades);
        Assert.True(makerFill.GetProperty("isMaker").GetBoolean());
        Assert.Equal(1m, BinanceTrader.Dec(makerFill, "commission"));
    }

    [Fact]
    public async Task An_order_the_engine_ends_by_itself_expires_and_one_it_refuses_is_a_binance_error_and_rejected()
    {
        // Orders here cross, so the book is this test's own.
        await using var host = await ExchangeHost.StartAsync();
        var trader = await BinanceTrader.CreateAsync(host, ("USDT", 1000m));

        var ioc = await trader.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "IOC"),
            ("quantity", "0.001"), ("price", "30000"));
        Assert.Equal("EXPIRED", ioc.GetProperty("status").GetString());
        Assert.Equal("IOC", ioc.GetProperty("timeInForce").GetString());

        await AssertError(400, -1013, trader.SendAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"),
            ("timeInForce", "GTC"), ("quantity", "0.001"), ("price", "30000.001")), "PRICE_FILTER");
        await AssertError(400, -1013, trader.SendAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"),
            ("timeInForce", "GTC"), ("quantity", "0.000001"), ("price", "30000")), "LOT_SIZE");
        await AssertError(400, -1013, trader.SendAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"),
            ("timeInForce", "GTC"), ("quantity", "0.00001"), ("price", "10")), "NOTIONAL");
        await AssertError(400, -2010, trader.SendAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"),
            ("timeInForce", "GTC"), ("quantity", "1"), ("price", "30000")), "insufficient balance");

        var all = (await trader.OkAsync(HttpMethod.Get, "/allOrders", ("symbol", "BTCUSDT"))).EnumerateArray().ToList();
        Assert.Equal(["EXPIRED", "REJECTED", "REJECTED", "REJECTED", "REJECTED"], all.Select(o => o.GetProperty("status").GetString()));
        Assert.Equal((1000m, 0m), (await trader.BalancesAsync())["USDT"]);
    }

    [Fact]
    public async Task A_post_only_order_that_would_take_is_refused()
    {
        // Orders here cross, so the book is this test's own.
        await using var host = await ExchangeHost.StartAsync();
        var maker = await BinanceTrader.CreateAsync(host, ("BTC", 1m));
        var trader = await BinanceTrader.CreateAsync(host, ("USDT", 10_000m));
        await maker.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"),
            ("quantity", "0.01"), ("price", "41000"));
        await AssertError(400, -2010, trader.SendAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT_MAKER"),
            ("quantity", "0.01"), ("price", "41000")), "immediately match");
        var fok = await trader.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "FOK"),
            ("quantity", "0.02"), ("price", "41000"));
        Assert.Equal("EXPIRED", fok.GetProperty("status").GetString());
        Assert.Equal(0m, BinanceTrader.Dec(fok, "executedQty"));
    }

    [Fact]
    public async Task One_users_key_finds_no_order_of_another()
    {
        var owner = await BinanceTrader.CreateAsync(Host, ("USDT", 1000m));
        var stranger = await BinanceTrader.CreateAsync(Host, ("USDT", 1000m));
        var order = await owner.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"),
            ("quantity", "0.001"), ("price", "20000"), ("newClientOrderId", "owners"));
        var id = order.GetProperty("orderId").GetInt64();

        await AssertError(400, -2013, stranger.SendAsync(HttpMethod.Get, "/order", ("symbol", "BTCUSDT"), ("orderId", id)));
        await AssertError(400, -2013, stranger.SendAsync(HttpMethod.Get, "/order", ("symbol", "BTCUSDT"), ("origClientOrderId", "owners")));
        await AssertError(400, -2011, stranger.SendAsync(HttpMethod.Delete, "/order", ("symbol", "BTCUSDT"), ("orderId", id)));
        await AssertError(400, -2013, owner.SendAsync(HttpMethod.Get, "/order", ("symbol", "ETHUSDT"), ("orderId", id)));
        Assert.Equal(0, (await stranger.OkAsync(HttpMethod.Get, "/openOrders")).GetArrayLength());
        Assert.Equal(0, (await stranger.OkAsync(HttpMethod.Get, "/allOrders", ("symbol", "BTCUSDT"))).GetArrayLength());
        Assert.Equal("NEW", (await owner.OkAsync(HttpMethod.Get, "/order", ("symbol", "BTCUSDT"), ("orderId", id))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Order_test_checks_an_order_without_placing_it()
    {
        var trader = await BinanceTrader.CreateAsync(Host, ("USDT", 1000m));
        var answer = await trader.OkAsync(HttpMethod.Post, "/order/test", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"),
            ("timeInForce", "GTC"), ("quantity", "0.001"), ("price", "20000"));
        Assert.Equal("{}", answer.ToString());
        await AssertError(400, -1102, trader.SendAsync(HttpMethod.Post, "/order/test", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT")));
        Assert.Equal(0, (await trader.OkAsync(HttpMethod.Get, "/allOrders", ("symbol", "BTCUSDT"))).GetArrayLength());
    }

    [Theory]
    [InlineData("symbol=XRPUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1", -1121)]
    [InlineData("side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1", -1102)]
    [InlineData("symbol=BTCUSDT&side=HOLD&type=LIMIT&timeInForce=GTC&quantity=1&price=1", -1100)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=STOP_LOSS&quantity=1&stopPrice=1", -1116)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=1", -1102)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTD&quantity=1&price=1", -1115)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=one&price=1", -1100)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&price=1", -1102)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=1", -1106)]
    [InlineData("symbol=BTCUSDT&side=SELL&type=MARKET&quoteOrderQty=100", -1106)]
    [InlineData("symbol=BTCUSDT&side=SELL&type=MARKET", -1102)]
    [InlineData("symbol=BTCUSDT&side=SELL&type=MARKET&quantity=1&price=1", -1106)]
    [InlineData("symbol=BTCUSDT&side=SELL&type=LIMIT_MAKER&timeInForce=GTC&quantity=1&price=1", -1106)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1&selfTradePreventionMode=NONE", -1100)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1&newOrderRespType=ALL", -1100)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1000000000.01", -1013)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=100000&price=100000", -1013)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=1000000000.01", -1013)]
    public async Task A_malformed_order_gets_binances_error_and_places_nothing(string parameters, int code)
    {
        var trader = await BinanceTrader.CreateAsync(Host, ("USDT", 100m));
        var pairs = parameters.Split('&').Select(p => p.Split('=')).Select(p => (p[0], (object)p[1])).ToArray();
        await AssertError(400, code, trader.SendAsync(HttpMethod.Post, "/order", pairs));
        Assert.Equal(0, (await trader.OkAsync(HttpMethod.Get, "/allOrders", ("symbol", "BTCUSDT"))).GetArrayLength());
    }

    [Fact]
    public async Task Self_trade_prevention_modes_are_binances()
    {
        // Orders here cross, so the book is this test's own.
        await using var host = await ExchangeHost.StartAsync();
        var trader = await BinanceTrader.CreateAsync(host, ("USDT", 10_000m), ("BTC", 1m));
        var resting = await trader.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"),
            ("quantity", "0.01"), ("price", "42000"));
        Assert.Equal("EXPIRE_TAKER", resting.GetProperty("selfTradePreventionMode").GetString());
        var taker = await trader.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"),
            ("quantity", "0.01"), ("price", "42000"), ("selfTradePreventionMode", "EXPIRE_MAKER"));
        Assert.Equal("EXPIRE_MAKER", taker.GetProperty("selfTradePreventionMode").GetString());
        Assert.Equal("NEW", taker.GetProperty("status").GetString());
        var maker = await trader.OkAsync(HttpMethod.Get, "/order", ("symbol", "BTCUSDT"), ("orderId", resting.GetProperty("orderId").GetInt64()));
        Assert.Equal("EXPIRED", maker.GetProperty("status").GetString());
    }

    private static async Task AssertError(int status, int code, Task<(int Status, JsonElement Body)> call, string? message = null)
    {
        var (actual, body) = await call;
        Assert.True(actual == status && body.GetProperty("code").GetInt32() == code, $"expected {status} {code}, got {actual} {body}");
        if (message is not null) Assert.Contains(message, body.GetProperty("msg").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
