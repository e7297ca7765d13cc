using System.Text.Json;
using MarketAnalytics.Aggregate;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Ingest;
using MarketAnalytics.Ingest.Import;
using MarketAnalytics.Ingest.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAnalytics.Api.Tests.Market;

/// <summary>The market push over the WebSocket (<c>/api/v1/market/ws</c>) against the whole pipeline.</summary>
public sealed class MarketWebSocketTests
{
    /// <summary>A guard against a hung socket, not a timing assertion: every awaited message is produced by the test first.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_subscriber_gets_the_book_changes_and_the_trade_and_candle_of_an_order_placed_through_the_API()
    {
        await using var host = await MarketHost.StartAsync();
        using var timeout = new CancellationTokenSource(Guard);
        using var socket = await host.OpenWebSocketAsync(timeout.Token);

        await MarketHost.SendAsync(socket, new { op = "subscribe", symbols = new[] { "BTC-USDT" }, channels = new[] { "trades", "candles", "book" }, interval = "1m" }, timeout.Token);
        var subscribed = await MarketHost.ReceiveAsync(socket, timeout.Token);
        Assert.Equal("subscribed", subscribed.GetProperty("type").GetString());
        Assert.Equal(["internal:BTC-USDT"], subscribed.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["trades", "candles", "book"], subscribed.GetProperty("channels").EnumerateArray().Select(s => s.GetString()));

        await host.TradeOnExchangeAsync(50000m, 0.02m);
        // The trade is pushed once the recorder has logged it and the candle once the aggregation has committed it, so either may
        // come first: read until both have come.
        bool sawTrade = false, sawCandle = false;
        var messages = await MarketHost.ReceiveThroughAsync(socket, m =>
        {
            sawTrade |= Type(m) == "trade";
            sawCandle |= Type(m) == "candle" && m.GetProperty("trades").GetInt64() == 1;
            return sawTrade && sawCandle;
        }, timeout.Token);

        Assert.Equal(messages.Select(m => m.GetProperty("id").GetInt64()).Order(), messages.Select(m => m.GetProperty("id").GetInt64()));
        Assert.Contains(messages, m => Type(m) == "book" && m.GetProperty("side").GetString() == "sell" && m.GetProperty("quantity").GetDecimal() == 0.02m);
        Assert.Contains(messages, m => Type(m) == "book" && m.GetProperty("side").GetString() == "sell" && m.GetProperty("quantity").GetDecimal() == 0m);
        var trade = Assert.Single(messages, m => Type(m) == "trade");
        Assert.Equal(("internal:BTC-USDT", 50000m, 0.02m, "buy"), (trade.GetProperty("symbol").GetString(), trade.GetProperty("price").GetDecimal(),
            trade.GetProperty("quantity").GetDecimal(), trade.GetProperty("side").GetString()));
        var answered = await host.Exchange.OkAsync(HttpMethod.Get, "/api/v1/candles?symbol=internal:BTC-USDT&interval=1m", null);
        MarketStreamTests.AssertSameCandle(Assert.Single(answered.EnumerateArray()), messages.Last(m => Type(m) == "candle"));
    }

    [SharedDataFact]
    public async Task A_recording_replayed_while_subscribed_is_pushed_once_per_recorded_trade()
    {
        await using var host = await MarketHost.StartAsync();
        using var timeout = new CancellationTokenSource(Guard);
        // Make bitmex:XBTUSD known (a trade of another day, straight into the store) so it can be subscribed before the replay.
        var known = new TradeAggregator();
        known.AddRange([new Trade(InstrumentId.Of(Venues.Bitmex, "XBTUSD"), "known", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), 1m, 1m, 1m, TakerSide.Buy)]);
        await host.Services.GetRequiredService<IAggregateStore>().CommitAsync("test", known.TakeDeltas(), [], timeout.Token);
        using var socket = await host.OpenWebSocketAsync(timeout.Token);
        await MarketHost.SendAsync(socket, new { op = "subscribe", symbols = new[] { "bitmex:XBTUSD", "internal:BTC-USDT" }, channels = new[] { "trades" } }, timeout.Token);
        Assert.Equal("subscribed", Type(await MarketHost.ReceiveAsync(socket, timeout.Token)));

        var importer = new RecordedFileImporter(host.Services.GetRequiredService<MarketRecorder>(), NullLogger<RecordedFileImporter>.Instance);
        var options = new ImportOptions { Format = RecordedFileFormat.BitmexWs };
        var file = SharedData.Path("bitmex/2021-07-22T2236.ws-recording.txt");
        var replayed = await importer.ImportAsync([file], options, timeout.Token);
        await host.WaitUntilAggregatedAsync(replayed.TradesImported);
        var candles = await host.Exchange.OkAsync(HttpMethod.Get, "/api/v1/candles?symbol=bitmex:XBTUSD&interval=1m&from=2021-07-22T00:00:00Z&to=2021-07-23T00:00:00Z", null);
        var recorded = candles.EnumerateArray().Sum(c => c.GetProperty("trades").GetInt64());

        var pushed = new List<string>();
        while (pushed.Count < recorded)
        {
            var message = await MarketHost.ReceiveAsync(socket, timeout.Token);
            Assert.Equal(("trade", "bitmex:XBTUSD"), (Type(message), message.GetProperty("symbol").GetString()));
            pushed.Add(message.GetProperty("trade_id").GetString()!);
        }
        Assert.Equal(pushed.Count, pushed.Distinct().Count());

        // Replaying it again records nothing new, so nothing is pushed: the next message is the exchange's trade.
        Assert.Equal(0, (await importer.ImportAsync([file], options, timeout.Token)).TradesImported);
        await host.TradeOnExchangeAsync(50000m, 0.01m);
        var next = await MarketHost.ReceiveAsync(socket, timeout.Token);
        Assert.Equal(("trade", "internal:BTC-USDT"), (Type(next), next.GetProperty("symbol").GetString()));
    }

    [Fact]
    public async Task Unsubscribe_stops_a_symbols_events_and_bad_messages_are_answered_with_errors()
    {
        await using var host = await MarketHost.StartAsync();
        using var timeout = new CancellationTokenSource(Guard);
        using var socket = await host.OpenWebSocketAsync(timeout.Token);

        await MarketHost.SendAsync(socket, "not an op", timeout.Token);
        Assert.Equal("error", Type(await MarketHost.ReceiveAsync(socket, timeout.Token)));
        await MarketHost.SendAsync(socket, new { op = "subscribe", symbols = new[] { "nope:NOPE" } }, timeout.Token);
        var unknown = await MarketHost.ReceiveAsync(socket, timeout.Token);
        Assert.Equal("error", Type(unknown));
        Assert.StartsWith("symbols:", unknown.GetProperty("message").GetString());
        await MarketHost.SendAsync(socket, new { op = "subscribe", symbols = new[] { "internal:BTC-USDT" }, channels = new[] { "trades", "sideways" } }, timeout.Token);
        Assert.StartsWith("channels:", (await MarketHost.ReceiveAsync(socket, timeout.Token)).GetProperty("message").GetString());

        await MarketHost.SendAsync(socket, new { op = "subscribe", symbols = new[] { "internal:BTC-USDT", "internal:ETH-USDT" }, channels = new[] { "trades" } }, timeout.Token);
        Assert.Equal(2, (await MarketHost.ReceiveAsync(socket, timeout.Token)).GetProperty("symbols").GetArrayLength());
        await MarketHost.SendAsync(socket, new { op = "unsubscribe", symbols = new[] { "internal:BTC-USDT" } }, timeout.Token);
        var left = await MarketHost.ReceiveAsync(socket, timeout.Token);
        Assert.Equal(["internal:ETH-USDT"], left.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()));

        await host.TradeOnExchangeAsync(50000m, 0.01m);
        var (_, seller) = await host.Exchange.CreateUserAsync(("ETH", 1m));
        var (_, buyer) = await host.Exchange.CreateUserAsync(("USDT", 10_000m));
        await host.Exchange.PlaceAsync(seller, new { symbol = "ETH-USDT", side = "sell", price = 3000m, quantity = 0.1m });
        await host.Exchange.PlaceAsync(buyer, new { symbol = "ETH-USDT", side = "buy", price = 3000m, quantity = 0.1m });
        var next = await MarketHost.ReceiveAsync(socket, timeout.Token);
        Assert.Equal(("trade", "internal:ETH-USDT"), (Type(next), next.GetProperty("symbol").GetString()));
    }

    private static string? Type(JsonElement message) => message.GetProperty("type").GetString();
}
