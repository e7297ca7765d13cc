using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using MarketAnalytics.Api.Tests.Market;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Api.Tests.BinanceCompat;

/// <summary>Binance's WebSocket market streams (<c>/venues/{venue}/ws/…</c>, <c>/venues/{venue}/stream?streams=</c>) against the
/// whole pipeline: payload shapes of trades placed through the native order API, the combined wrapping, and the method messages.</summary>
public sealed class BinanceStreamTests
{
    /// <summary>A guard against a hung socket, not a timing assertion: every awaited message is produced by the test first.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_trade_placed_through_the_native_order_API_arrives_on_the_raw_trade_stream_in_Binance_shape()
    {
        await using var host = await MarketHost.StartAsync();
        using var timeout = new CancellationTokenSource(Guard);
        using var socket = await host.OpenWebSocketAsync("/venues/internal/ws/btcusdt@trade", timeout.Token);

        await host.TradeOnExchangeAsync(50000m, 0.02m);
        var trade = await MarketHost.ReceiveAsync(socket, timeout.Token);

        Assert.Equal(["e", "E", "s", "t", "p", "q", "T", "m", "M"], trade.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("trade", "BTCUSDT", true), (trade.GetProperty("e").GetString(), trade.GetProperty("s").GetString(), trade.GetProperty("M").GetBoolean()));
        Assert.Equal((50000m, 0.02m), (Amount(trade, "p"), Amount(trade, "q")));
        Assert.False(trade.GetProperty("m").GetBoolean()); // the taker bought, so the buyer is not the maker
        var logged = Assert.Single((await host.Exchange.OkAsync(HttpMethod.Get, "/venues/internal/api/v3/trades?symbol=BTCUSDT", null)).EnumerateArray());
        Assert.Equal(logged.GetProperty("id").GetInt64(), trade.GetProperty("t").GetInt64());
        Assert.Equal(logged.GetProperty("time").GetInt64(), trade.GetProperty("T").GetInt64());
        Assert.Equal(logged.GetProperty("price").GetString(), trade.GetProperty("p").GetString());
        Assert.True(trade.GetProperty("E").GetInt64() >= trade.GetProperty("T").GetInt64());
    }

    [Fact]
    public async Task A_combined_stream_wraps_the_trade_and_the_kline_with_their_stream_names()
    {
        await using var host = await MarketHost.StartAsync();
        using var timeout = new CancellationTokenSource(Guard);
        using var socket = await host.OpenWebSocketAsync("/venues/internal/stream?streams=btcusdt@trade/btcusdt@kline_1m", timeout.Token);

        await host.TradeOnExchangeAsync(50000m, 0.02m);
        // The trade is pushed once the recorder has logged it and the kline once the aggregation has committed it, so either may
        // come first (as on Binance, streams are not ordered against each other): read until both have come.
        var streams = new HashSet<string?>();
        var messages = await MarketHost.ReceiveThroughAsync(socket, m => streams.Add(m.GetProperty("stream").GetString()) && streams.Count == 2, timeout.Token);

        Assert.All(messages, m => Assert.Equal(["stream", "data"], m.EnumerateObject().Select(p => p.Name)));
        var trade = Assert.Single(messages, m => m.GetProperty("stream").GetString() == "btcusdt@trade").GetProperty("data");
        Assert.Equal(("trade", "BTCUSDT"), (trade.GetProperty("e").GetString(), trade.GetProperty("s").GetString()));
        var kline = messages.Last(m => m.GetProperty("stream").GetString() == "btcusdt@kline_1m").GetProperty("data");
        Assert.Equal(("kline", "BTCUSDT"), (kline.GetProperty("e").GetString(), kline.GetProperty("s").GetString()));
        var k = kline.GetProperty("k");
        Assert.Equal(("BTCUSDT", "1m", 1L), (k.GetProperty("s").GetString(), k.GetProperty("i").GetString(), k.GetProperty("n").GetInt64()));
        Assert.Equal(trade.GetProperty("t").GetInt64(), k.GetProperty("f").GetInt64());
        Assert.Equal(trade.GetProperty("t").GetInt64(), k.GetProperty("L").GetInt64());
        Assert.Equal(k.GetProperty("t").GetInt64() + 59_999, k.GetProperty("T").GetInt64());
        Assert.Equal((50000m, 0.02m, 1000m, 0.02m, 1000m), (Amount(k, "o"), Amount(k, "v"), Amount(k, "q"), Amount(k, "V"), Amount(k, "Q")));
        Assert.Equal("0", k.GetProperty("B").GetString());
        var answered = Assert.Single((await host.Exchange.OkAsync(HttpMethod.Get, "/venues/internal/api/v3/klines?symbol=BTCUSDT&interval=1m", null)).EnumerateArray()).EnumerateArray().ToList();
        Assert.Equal(answered[0].GetInt64(), k.GetProperty("t").GetInt64());
        Assert.Equal(answered[6].GetInt64(), k.GetProperty("T").GetInt64());
        Assert.Equal([.. answered.Skip(1).Take(5).Select(a => a.GetString())], new[] { "o", "h", "l", "c", "v" }.Select(f => k.GetProperty(f).GetString()));
        Assert.Equal([answered[7].GetString(), answered[9].GetString(), answered[10].GetString()], new[] { "q", "V", "Q" }.Select(f => k.GetProperty(f).GetString()));
    }

    [Fact]
    public async Task A_recorded_quote_arrives_on_the_book_ticker_stream()
    {
        await using var host = await MarketHost.StartAsync();
        using var timeout = new CancellationTokenSource(Guard);
        var instrument = InstrumentId.Of("binance", "BTCUSDT");
        var time = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await host.RecordAsync([new Trade(instrument, "1", time, 60000m, 0.5m, 30000m, TakerSide.Buy)]);
        await host.WaitUntilAggregatedAsync(1);
        using var socket = await host.OpenWebSocketAsync("/venues/binance/ws/btcusdt@bookTicker", timeout.Token);

        await host.Services.GetRequiredService<MarketRecorder>().RecordAsync(
            [new Trade(instrument, "2", time.AddSeconds(1), 60001m, 0.1m, 6000.1m, TakerSide.Sell)],
            [new Quote(instrument, time.AddSeconds(1), 60000.5m, 1.25m, 60001.5m, 0.75m)], timeout.Token);
        var ticker = await MarketHost.ReceiveAsync(socket, timeout.Token);

        Assert.Equal(["u", "s", "b", "B", "a", "A"], ticker.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("BTCUSDT", "60000.5", "1.25", "60001.5", "0.75"), (ticker.GetProperty("s").GetString(), ticker.GetProperty("b").GetString(),
            ticker.GetProperty("B").GetString(), ticker.GetProperty("a").GetString(), ticker.GetProperty("A").GetString()));
        Assert.True(ticker.GetProperty("u").GetInt64() > 0);
    }

    [Fact]
    public async Task Subscribe_and_unsubscribe_messages_are_answered_with_results_and_change_what_arrives()
    {
        await using var host = await MarketHost.StartAsync();
        using var timeout = new CancellationTokenSource(Guard);
        using var socket = await host.OpenWebSocketAsync("/venues/internal/ws", timeout.Token);

        await MarketHost.SendAsync(socket, new { method = "SUBSCRIBE", @params = new[] { "btcusdt@trade", "ethusdt@trade" }, id = 1 }, timeout.Token);
        Assert.Equal("""{"result":null,"id":1}""", (await MarketHost.ReceiveAsync(socket, timeout.Token)).GetRawText());
        await MarketHost.SendAsync(socket, new { method = "LIST_SUBSCRIPTIONS", id = "two" }, timeout.Token);
        Assert.Equal("""{"result":["btcusdt@trade","ethusdt@trade"],"id":"two"}""", (await MarketHost.ReceiveAsync(socket, timeout.Token)).GetRawText());
        await MarketHost.SendAsync(socket, new { method = "UNSUBSCRIBE", @params = new[] { "btcusdt@trade" }, id = 3 }, timeout.Token);
        Assert.Equal("""{"result":null,"id":3}""", (await MarketHost.ReceiveAsync(socket, timeout.Token)).GetRawText());

        await host.TradeOnExchangeAsync(50000m, 0.01m);
        var (_, seller) = await host.Exchange.CreateUserAsync(("ETH", 1m));
        var (_, buyer) = await host.Exchange.CreateUserAsync(("USDT", 10_000m));
        await host.Exchange.PlaceAsync(seller, new { symbol = "ETH-USDT", side = "sell", price = 3000m, quantity = 0.1m });
        await host.Exchange.PlaceAsync(buyer, new { symbol = "ETH-USDT", side = "buy", price = 3000m, quantity = 0.1m });

        var next = await MarketHost.ReceiveAsync(socket, timeout.Token);
        Assert.Equal(("trade", "ETHUSDT", 3000m), (next.GetProperty("e").GetString(), next.GetProperty("s").GetString(), Amount(next, "p")));
    }

    [Fact]
    public async Task An_unknown_stream_is_answered_with_an_error_message_or_a_close_and_subscribes_nothing()
    {
        await using var host = await MarketHost.StartAsync();
        using var timeout = new CancellationTokenSource(Guard);
        using var socket = await host.OpenWebSocketAsync("/venues/internal/ws/btcusdt@trade", timeout.Token);

        await MarketHost.SendAsync(socket, new { method = "SUBSCRIBE", @params = new[] { "ethusdt@trade", "btcusdt@depth" }, id = 7 }, timeout.Token);
        var refused = await MarketHost.ReceiveAsync(socket, timeout.Token);
        Assert.Equal((2, 7), (refused.GetProperty("error").GetProperty("code").GetInt32(), refused.GetProperty("id").GetInt32()));
        Assert.StartsWith("Invalid request: unknown stream", refused.GetProperty("error").GetProperty("msg").GetString());
        await MarketHost.SendAsync(socket, new { method = "SUBSCRIBE", @params = new[] { "nopeusdt@trade" }, id = 8 }, timeout.Token);
        Assert.Equal(2, (await MarketHost.ReceiveAsync(socket, timeout.Token)).GetProperty("error").GetProperty("code").GetInt32());
        await MarketHost.SendAsync(socket, new { method = "SWIM", id = 9 }, timeout.Token);
        Assert.Equal(2, (await MarketHost.ReceiveAsync(socket, timeout.Token)).GetProperty("error").GetProperty("code").GetInt32());
        await socket.SendAsync("{not json"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        Assert.Equal(3, (await MarketHost.ReceiveAsync(socket, timeout.Token)).GetProperty("error").GetProperty("code").GetInt32());
        await MarketHost.SendAsync(socket, new { method = "LIST_SUBSCRIPTIONS", id = 10 }, timeout.Token);
        Assert.Equal("""{"result":["btcusdt@trade"],"id":10}""", (await MarketHost.ReceiveAsync(socket, timeout.Token)).GetRawText());

        foreach (var path in new[] { "/venues/internal/ws/btcusdt@depth", "/venues/internal/stream?streams=btcusdt@trade/nopeusdt@trade", "/venues/nope/ws/btcusdt@trade" })
        {
            using var refusedSocket = await host.OpenWebSocketAsync(path, timeout.Token);
            var result = await refusedSocket.ReceiveAsync(new byte[1024], timeout.Token);
            Assert.Equal(WebSocketMessageType.Close, result.MessageType);
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, result.CloseStatus);
            Assert.StartsWith("Invalid request: unknown stream", result.CloseStatusDescription);
        }
        using var plain = await host.Client.GetAsync("/venues/internal/ws/btcusdt@trade", timeout.Token);
        Assert.Equal(400, (int)plain.StatusCode);
    }

    private static decimal Amount(JsonElement e, string field) => decimal.Parse(e.GetProperty(field).GetString()!, CultureInfo.InvariantCulture);
}
