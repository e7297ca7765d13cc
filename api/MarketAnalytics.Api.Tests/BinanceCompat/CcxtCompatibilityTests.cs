using System.Globalization;
using System.Text.Json;
using MarketAnalytics.Api.BinanceCompat;
using MarketAnalytics.Api.Commands;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Api.Tests.Exchange;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Api.Tests.BinanceCompat;

/// <summary>The real ccxt client's <c>binance</c> class pointed at a venue of a live host: market data of venues filled by importing
/// real recordings, and trading on the internal venue with an API key and secret.</summary>
public sealed class CcxtCompatibilityTests
{
    [SharedDataFact]
    public async Task Ccxt_reads_the_candles_ticker_trades_and_book_of_imported_recordings()
    {
        await using var host = await ApiHost.StartAsync(Role.Run, prepare: async directory =>
        {
            var binance = Directory.GetFiles(SharedData.Path("binance-spot-btcusdt"), "*.frames.gz").Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(0, await MarketAnalyticsCommandLine.RunAsync(
                ["import", $"--data-dir={directory}", "--format", "binance-ws", "--venue", "binance", .. binance], TextWriter.Null, CancellationToken.None));
            Assert.Equal(0, await MarketAnalyticsCommandLine.RunAsync(
                ["import", $"--data-dir={directory}", "--format", "bitmex-ws", SharedData.Path("bitmex/2021-07-22T2236.ws-recording.txt")],
                TextWriter.Null, CancellationToken.None));
        });
        const long since = 1723161240000; // 2024-08-08T23:54:00Z, the recording's first minute
        var results = await CcxtClient.RunAsync(new Uri(host.Address, BinanceCompatExtensions.BasePath("binance")),
        [
            ["fetchOHLCV", "BTC/USDT", "1m", since, 20],
            ["fetchOHLCV", "BTC/USDT", "5m", since, 10],
            ["fetchTicker", "BTC/USDT"],
            ["fetchTrades", "BTC/USDT", null!, 5],
            ["fetchTrades", "BTC/USDT", since, 3],
            ["fetchOrderBook", "BTC/USDT"],
        ]);
        AssertNoErrors(results);

        // Binance's klines (and ccxt) start at the first window opening at or after `since`: 23:54 for 1m, 23:55 for 5m.
        foreach (var (index, interval, from) in new[] { (0, "1m", since), (1, "5m", since + 60_000) })
        {
            var native = await host.GetJsonAsync($"/api/v1/candles?symbol=binance:BTCUSDT&interval={interval}&from={from}&limit={(index == 0 ? 20 : 10)}&format=ccxt");
            Assert.Equal(Numbers(native), Numbers(results[index]));
            Assert.True(results[index].GetArrayLength() > 1);
        }

        var hours = await host.GetJsonAsync("/api/v1/candles?symbol=binance:BTCUSDT&interval=1h&from=2024-08-08T23:00:00Z&to=2024-08-09T01:00:00Z");
        var lastClose = hours.EnumerateArray().Last().GetProperty("close").GetDecimal();
        Assert.Equal(lastClose, results[2].GetProperty("last").GetDecimal());
        Assert.Equal("BTC/USDT", results[2].GetProperty("symbol").GetString());

        var newest = results[3].EnumerateArray().ToList();
        Assert.Equal(5, newest.Count);
        var ids = newest.Select(t => long.Parse(t.GetProperty("id").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => ids[0] + i), ids); // Binance's spot trade ids are gap-free
        Assert.Equal(lastClose, newest[^1].GetProperty("price").GetDecimal());
        var first = results[4].EnumerateArray().ToList();
        Assert.Equal(3, first.Count);
        Assert.All(first, t => Assert.True(t.GetProperty("timestamp").GetInt64() >= since));
        Assert.True(first[0].GetProperty("timestamp").GetInt64() < since + 60_000);

        var bitmex = await CcxtClient.RunAsync(new Uri(host.Address, BinanceCompatExtensions.BasePath("bitmex")),
        [
            ["fetchOrderBook", "BTC/USD"], // ccxt spells BitMEX's XBT as BTC
            ["fetchOHLCV", "BTC/USD", "1m", 1626993000000, 5],
        ]);
        AssertNoErrors(bitmex);
        var price = await host.GetJsonAsync("/current_price?symbol=bitmex:XBTUSD");
        Assert.Equal(price.GetProperty("bid_price").GetDecimal(), bitmex[0].GetProperty("bids")[0][0].GetDecimal());
        Assert.Equal(price.GetProperty("ask_size").GetDecimal(), bitmex[0].GetProperty("asks")[0][1].GetDecimal());
        var bitmexNative = await host.GetJsonAsync("/api/v1/candles?symbol=bitmex:XBTUSD&interval=1m&from=1626993000000&limit=5&format=ccxt");
        Assert.Equal(Numbers(bitmexNative), Numbers(bitmex[1]));
    }

    [Fact]
    public async Task Ccxt_trades_on_the_internal_venue_and_the_balances_are_exact()
    {
        await using var host = await ExchangeHost.StartAsync();
        var maker = await BinanceTrader.CreateAsync(host, ("BTC", 1m), ("USDT", 100_000m));
        await maker.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"),
            ("quantity", "0.1"), ("price", "50000"));
        await maker.OkAsync(HttpMethod.Post, "/order", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"),
            ("quantity", "0.05"), ("price", "49000"));
        var trader = await BinanceTrader.CreateAsync(host, ("USDT", 10_000m));
        var venue = new Uri(host.Client.BaseAddress!, BinanceCompatExtensions.BasePath("internal"));

        var placed = await CcxtClient.RunAsync(venue,
        [
            ["fetchBalance"],
            ["createOrder", "BTC/USDT", "limit", "buy", 0.01, 40000],
            ["fetchOpenOrders", "BTC/USDT"],
        ], trader.Key, trader.Secret);
        AssertNoErrors(placed);
        Assert.Equal(10_000m, placed[0].GetProperty("USDT").GetProperty("free").GetDecimal());
        var limit = placed[1];
        Assert.Equal("open", limit.GetProperty("status").GetString());
        Assert.Equal(0.01m, limit.GetProperty("amount").GetDecimal());
        var id = limit.GetProperty("id").GetString()!;
        Assert.Equal([id], placed[2].EnumerateArray().Select(o => o.GetProperty("id").GetString()));

        var traded = await CcxtClient.RunAsync(venue,
        [
            ["cancelOrder", id, "BTC/USDT"],
            ["fetchOpenOrders", "BTC/USDT"],
            // 0.02 BTC at 50000 is 1000 USDT and the 0.2 % taker fee 2 more: the budget includes the fee.
            ["createMarketBuyOrderWithCost", "BTC/USDT", 1002],
            ["createOrder", "BTC/USDT", "market", "sell", 0.01],
            ["fetchMyTrades", "BTC/USDT"],
            ["fetchBalance"],
            ["fetchOrder", id, "BTC/USDT"],
        ], trader.Key, trader.Secret);
        AssertNoErrors(traded);
        Assert.Equal("canceled", traded[0].GetProperty("status").GetString());
        Assert.Equal(0, traded[1].GetArrayLength());
        Assert.Equal("closed", traded[2].GetProperty("status").GetString());
        Assert.Equal(0.02m, traded[2].GetProperty("filled").GetDecimal());
        Assert.Equal(1000m, traded[2].GetProperty("cost").GetDecimal());
        Assert.Equal("closed", traded[3].GetProperty("status").GetString());
        Assert.Equal(49000m, traded[3].GetProperty("average").GetDecimal());

        var trades = traded[4].EnumerateArray().ToList();
        Assert.Equal(["buy", "sell"], trades.Select(t => t.GetProperty("side").GetString()));
        Assert.Equal([50000m, 49000m], trades.Select(t => t.GetProperty("price").GetDecimal()));
        Assert.Equal([0.02m, 0.01m], trades.Select(t => t.GetProperty("amount").GetDecimal()));
        Assert.Equal([2m, 0.98m], trades.Select(t => t.GetProperty("fee").GetProperty("cost").GetDecimal()));
        Assert.All(trades, t => Assert.Equal("USDT", t.GetProperty("fee").GetProperty("currency").GetString()));
        Assert.All(trades, t => Assert.Equal("taker", t.GetProperty("takerOrMaker").GetString()));

        const decimal usdt = 10_000m - 1002m + 490m - 0.98m;
        var balance = traded[5];
        Assert.Equal(0.01m, balance.GetProperty("BTC").GetProperty("free").GetDecimal());
        Assert.Equal(0m, balance.GetProperty("BTC").GetProperty("used").GetDecimal());
        Assert.Equal(usdt, balance.GetProperty("USDT").GetProperty("free").GetDecimal());
        Assert.Equal(0m, balance.GetProperty("USDT").GetProperty("used").GetDecimal());
        Assert.Equal("canceled", traded[6].GetProperty("status").GetString());

        // The exchange's own exact numbers agree.
        var wallet = await host.OkAsync(HttpMethod.Get, $"/api/v1/wallets/{trader.Id}", trader.Key);
        var balances = wallet.GetProperty("balances").EnumerateArray().ToDictionary(b => b.GetProperty("asset").GetString()!);
        Assert.Equal(0.01m, balances["BTC"].GetProperty("available").GetDecimal());
        Assert.Equal(usdt, balances["USDT"].GetProperty("available").GetDecimal());
        Assert.Equal(0m, balances["USDT"].GetProperty("blocked").GetDecimal());
    }

    private static void AssertNoErrors(JsonElement results)
    {
        foreach (var result in results.EnumerateArray())
            Assert.False(result.ValueKind == JsonValueKind.Object && result.TryGetProperty("error", out _), result.ToString());
    }

    /// <summary>Candle rows as exact decimals (ccxt writes numbers as JavaScript prints them, the native API with their scale).</summary>
    private static List<decimal[]> Numbers(JsonElement rows) =>
        [.. rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDecimal()).ToArray())];
}
