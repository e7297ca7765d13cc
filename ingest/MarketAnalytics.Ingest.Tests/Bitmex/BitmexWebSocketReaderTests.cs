using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Bitmex;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Ingest.Tests.Bitmex;

public sealed class BitmexWebSocketReaderTests
{
    private static readonly InstrumentId Xbt = InstrumentId.Of(Venues.Bitmex, "XBTUSD");

    private static Trade TradeNumber(int n) => new(Xbt, $"00000000-0000-0000-0000-{n:D12}",
        new DateTime(2021, 7, 22, 22, 36, n, DateTimeKind.Utc), 32000m + n, 0.0031m * n, 100m * n, n % 2 == 0 ? TakerSide.Buy : TakerSide.Sell, 100m * n);

    private static BitmexReaderOptions OptionsFor(FakeBitmexServer server) => new()
    {
        Url = server.Url,
        Symbols = ["XBTUSD"],
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        StalenessTimeout = TimeSpan.FromSeconds(2),
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    private static LiveGapFill GapFillFor(Uri restUrl, TemporaryLog log) =>
        ReaderGapFill.Create(Venues.Bitmex, new BitmexTradeHistory(ReaderGapFill.RestClient(), restUrl), log, consecutiveIds: false);

    private static async Task HandshakeAsync(FakeBitmexConnection connection)
    {
        await connection.SendWelcomeAsync();
        await connection.AcceptSubscriptionAsync();
    }

    [Fact]
    public async Task Every_unique_trade_reaches_the_log_once_across_a_dropped_connection_and_the_replaying_partial()
    {
        await using var log = new TemporaryLog();
        var topics = new List<string[]>();
        await using var server = await FakeBitmexServer.StartAsync(
            async first =>
            {
                await first.SendWelcomeAsync();
                topics.Add(await first.AcceptSubscriptionAsync());
                await first.SendTradesAsync("partial", TradeNumber(1), TradeNumber(2), TradeNumber(3));
                await first.SendQuoteAsync("partial", new Quote(Xbt, new DateTime(2021, 7, 22, 22, 36, 3, DateTimeKind.Utc), 32002m, 1000m, 32002.5m, 2000m));
                await first.SendTradesAsync("insert", TradeNumber(4));
                await first.SendTradesAsync("insert", TradeNumber(5));
                // Drop only once the reader has the data: an abort resets the TCP connection, discarding what it had not read yet.
                await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count == 5, "the first connection's trades in the log");
                first.Drop();
            },
            async later =>
            {
                await later.SendWelcomeAsync();
                topics.Add(await later.AcceptSubscriptionAsync());
                // BitMEX replays recent trades on every subscribe: this partial overlaps what the first connection sent.
                await later.SendTradesAsync("partial", TradeNumber(3), TradeNumber(4), TradeNumber(5));
                await later.SendTradesAsync("insert", TradeNumber(6));
                await later.Closed;
            });
        var reader = new BitmexWebSocketReader(OptionsFor(server), GapFillFor(server.RestUrl, log), TimeProvider.System, new CollectingLogger<BitmexWebSocketReader>());
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);

        await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Any(t => t.TradeId == TradeNumber(6).TradeId), "trade 6 in the log");
        await stop.CancelAsync();
        await running;

        Assert.Equal(Enumerable.Range(1, 6).Select(TradeNumber), await log.ReadTradesAsync());
        Assert.Equal(["trade:XBTUSD", "quote:XBTUSD"], topics[0]);
        Assert.True(server.ConnectionCount >= 2);
        Assert.True(reader.Status.ReconnectCount >= 1);
        var price = (await log.Prices.GetAsync(Xbt, CancellationToken.None)).Price!;
        Assert.Equal((32006m, 32005m, 32002m, 32002.5m), (price.BuyPrice, price.SellPrice, price.BidPrice, price.AskPrice));
    }

    [Fact]
    public async Task A_server_that_stops_answering_is_detected_after_pinging_and_replaced()
    {
        await using var log = new TemporaryLog();
        FakeBitmexConnection? silent = null;
        await using var server = await FakeBitmexServer.StartAsync(
            async first =>
            {
                silent = first;
                first.AnswersPings = false;
                await HandshakeAsync(first);
                await first.Closed;
            },
            async later =>
            {
                await HandshakeAsync(later);
                await later.SendTradesAsync("partial", TradeNumber(1));
                await later.Closed;
            });
        var logger = new CollectingLogger<BitmexWebSocketReader>();
        var reader = new BitmexWebSocketReader(OptionsFor(server), GapFillFor(server.RestUrl, log), TimeProvider.System, logger);
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);

        await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count == 1, "the trade of the second connection");
        var status = reader.Status;
        await stop.CancelAsync();
        await running;

        Assert.True(silent!.PingsReceived >= 1, "the reader pings an idle connection");
        Assert.True(status.ReconnectCount >= 1);
        Assert.True(status.IsConnected);
        Assert.NotNull(status.LastMessageAt);
        Assert.StartsWith("no message for", status.LastError);
        Assert.Contains(logger.Messages, m => m.StartsWith($"reconnecting to {server.Url} in ", StringComparison.Ordinal)
            && m.Contains(" s (attempt 1): no message for ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pongs_keep_a_quiet_connection_alive()
    {
        await using var log = new TemporaryLog();
        FakeBitmexConnection? quiet = null;
        await using var server = await FakeBitmexServer.StartAsync(async only =>
        {
            quiet = only;
            await HandshakeAsync(only);
            await only.Closed;
        });
        var reader = new BitmexWebSocketReader(OptionsFor(server), GapFillFor(server.RestUrl, log), TimeProvider.System, new CollectingLogger<BitmexWebSocketReader>());
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);

        // Fifteen pings span well over the staleness limit of 2 s, answered every time.
        await Eventually.TrueAsync(() => Task.FromResult(quiet?.PingsReceived >= 15), "fifteen pings");
        var status = reader.Status;
        await stop.CancelAsync();
        await running;

        Assert.Equal(1, server.ConnectionCount);
        Assert.Equal(0, status.ReconnectCount);
        Assert.True(status.IsConnected);
    }

    [Fact]
    public async Task Stopping_does_not_wait_for_a_close_reply_that_never_comes()
    {
        await using var log = new TemporaryLog();
        var released = new TaskCompletionSource();
        await using var server = await FakeBitmexServer.StartAsync(async only =>
        {
            await HandshakeAsync(only);
            await only.SendTradesAsync("partial", TradeNumber(1));
            // The client's close frame is read and never answered: the connection stays open until the test ends.
            await only.Closed;
            await released.Task;
        });
        var logger = new CollectingLogger<BitmexWebSocketReader>();
        var options = OptionsFor(server);
        options.CloseTimeout = TimeSpan.FromMilliseconds(300);
        var reader = new BitmexWebSocketReader(options, GapFillFor(server.RestUrl, log), TimeProvider.System, logger);
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);

        await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count == 1, "the trade in the log");
        await stop.CancelAsync();
        // Without the bound this would wait for the close reply for as long as the server keeps the connection.
        var stopped = await Task.WhenAny(running, Task.Delay(TimeSpan.FromMinutes(2))) == running;
        released.SetResult();

        Assert.True(stopped, "the reader stopped");
        Assert.False(reader.Status.IsConnected);
        Assert.Contains(logger.Messages, m => m.StartsWith($"closing {server.Url} without the server's close reply", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_server_is_retried_with_growing_delays_until_stopped()
    {
        await using var log = new TemporaryLog();
        var logger = new CollectingLogger<BitmexWebSocketReader>();
        var options = new BitmexReaderOptions
        {
            // Nothing listens on port 1 of the loopback address: every connect is refused at once.
            Url = new Uri("ws://127.0.0.1:1/realtime"),
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(1),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        var reader = new BitmexWebSocketReader(options, GapFillFor(new Uri("http://127.0.0.1:1"), log), TimeProvider.System, logger);
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => Task.FromResult(reader.Status.ReconnectCount >= 4), "four reconnect attempts");
        await stop.CancelAsync();
        await running;

        Assert.False(reader.Status.IsConnected);
        Assert.Contains(logger.Messages, m => m.Contains("(attempt 4): ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_frame_record_with_a_time_outside_the_valid_range_is_counted_logged_and_dropped()
    {
        await using var log = new TemporaryLog();
        var farFuture = TradeNumber(2) with { Time = new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc) };
        var yearOne = TradeNumber(3) with { Time = new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
        await using var server = await FakeBitmexServer.StartAsync(async only =>
        {
            await HandshakeAsync(only);
            await only.SendTradesAsync("partial", TradeNumber(1), farFuture, yearOne);
            await only.SendTradesAsync("insert", TradeNumber(4));
            await only.Closed;
        });
        var logger = new CollectingLogger<BitmexWebSocketReader>();
        var reader = new BitmexWebSocketReader(OptionsFor(server), GapFillFor(server.RestUrl, log), TimeProvider.System, logger);
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);

        await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Any(t => t.TradeId == TradeNumber(4).TradeId), "trade 4 in the log");
        await stop.CancelAsync();
        await running;

        Assert.Equal([TradeNumber(1), TradeNumber(4)], await log.ReadTradesAsync());
        Assert.Equal(2, reader.Status.DroppedRecords);
        Assert.Contains(logger.Messages, m => m.StartsWith("Dropped 2 records of a frame whose exchange time (first 9999-12-31T23:59:59Z) is outside the valid range 2009-01-03T00:00:00Z to "));
        var price = (await log.Prices.GetAsync(Xbt, CancellationToken.None)).Price!;
        Assert.Equal(TradeNumber(4).Price, price.BuyPrice);
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_naming_the_setting()
    {
        var options = new BitmexReaderOptions { HeartbeatInterval = TimeSpan.FromSeconds(20), StalenessTimeout = TimeSpan.FromSeconds(10) };

        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() =>
            new BitmexWebSocketReader(options, null!, TimeProvider.System, new CollectingLogger<BitmexWebSocketReader>()));
        Assert.Contains("StalenessTimeout", error.Message);
    }
}
