using MarketAnalytics.Aggregate;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Binance;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Sources;
using MarketAnalytics.Ingest.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAnalytics.Ingest.Tests.Binance;

/// <summary>The live Binance reader against a fake Binance on 127.0.0.1 (combined streams and the REST trade history).</summary>
public sealed class BinanceWebSocketReaderTests
{
    private static readonly InstrumentId Btc = InstrumentId.Of(Venues.BinanceUsdm, "BTCUSDT");
    private static readonly InstrumentId Eth = InstrumentId.Of(Venues.BinanceUsdm, "ETHUSDT");
    private static readonly DateTime Open = new(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task The_readers_candles_equal_the_candles_of_the_unique_trades_and_quotes_are_recorded()
    {
        var trades = Market(600, insuranceFundAt: [250]);
        await using var server = await FakeBinanceServer.StartAsync();
        await using var log = new TemporaryLog();
        var (reader, run, stop) = Start(server, log);
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(server.ConnectedClients == 1), "the reader connected");
            await server.PublishAsync(trades.Select(t => FakeBinanceServer.TradeFrame(t.Trade, t.Kind)));
            await server.PublishAsync([FakeBinanceServer.BookTickerFrame(new Quote(Btc, Open.AddMinutes(5), 90_000.1m, 1.5m, 90_000.2m, 0.25m))]);

            await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count == trades.Count, "every trade recorded");
            Assert.Equal(Candles(trades.Select(t => t.Trade with { IsMarket = t.Kind == "MARKET" })), Candles(await log.ReadTradesAsync()));
            await Eventually.TrueAsync(async () => (await log.Prices.GetAsync(Btc, default)).Price?.BidPrice == 90_000.1m, "the quote recorded");
            Assert.Equal(0, reader.Status.GapFill.UnfilledCount);
        }
        finally
        {
            await stop();
            await run;
        }
    }

    [Fact]
    public async Task After_an_outage_and_a_429_the_gap_is_filled_from_REST_and_the_candles_equal_the_full_set_each_trade_once()
    {
        // The insurance-fund trades are on the stream but not in USD-M's REST history: one while connected, one during the outage.
        var trades = Market(3000, insuranceFundAt: [400, 1500]);
        await using var server = await FakeBinanceServer.StartAsync(pageSize: 500);
        await using var log = new TemporaryLog();
        var (reader, run, stop) = Start(server, log);
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(server.ConnectedClients == 1), "the reader connected");
            await server.PublishAsync(trades[..1000].Select(t => FakeBinanceServer.TradeFrame(t.Trade, t.Kind)));
            await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count == 1000, "the first third recorded");

            // The market keeps trading while the venue drops the reader and refuses it; its REST answers 429 once.
            server.BeginOutage();
            await Eventually.TrueAsync(() => Task.FromResult(server.RefusedConnections >= 2), "reconnects refused");
            await server.PublishAsync(trades[1000..2000].Select(t => FakeBinanceServer.TradeFrame(t.Trade, t.Kind)));
            server.RateLimitNextHistoryRequests(1, retryAfterSeconds: 1);
            server.EndOutage();
            await Eventually.TrueAsync(() => Task.FromResult(server.ConnectedClients == 1), "the reader reconnected");
            await server.PublishAsync(trades[2000..].Select(t => FakeBinanceServer.TradeFrame(t.Trade, t.Kind)));

            var expected = trades.Where((t, i) => i < 1000 || i >= 2000 || t.Kind == "MARKET").Select(t => t.Trade with { IsMarket = t.Kind == "MARKET" }).ToList();
            await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count == expected.Count && reader.Status.GapFill.Running == 0, "the gap filled");
            var logged = await log.ReadTradesAsync();
            Assert.Equal(logged.Count, logged.Select(t => (t.Instrument, t.TradeId)).Distinct().Count());
            Assert.Equal(Candles(trades.Select(t => t.Trade with { IsMarket = t.Kind == "MARKET" })), Candles(logged));
            Assert.Equal(expected.Select(t => (t.Instrument, t.TradeId)).Order(), logged.Select(t => (t.Instrument, t.TradeId)).Order());
            var status = reader.Status;
            Assert.True(status.ReconnectCount >= 1);
            Assert.Equal(0, status.GapFill.UnfilledCount);
            Assert.True(status.GapFill.TradesRecovered >= 998, $"{status.GapFill.TradesRecovered} trades recovered");
            Assert.True(server.HistoryRequests >= 4, "the 429 and at least one page of 500 per instrument");
        }
        finally
        {
            await stop();
            await run;
        }
    }

    [Fact]
    public async Task A_gap_longer_than_MaxAge_is_not_filled_and_the_sources_health_says_so()
    {
        var trades = Market(300, insuranceFundAt: []);
        await using var server = await FakeBinanceServer.StartAsync();
        await using var log = new TemporaryLog();
        var (reader, run, stop) = Start(server, log, new GapFillOptions { MaxAge = TimeSpan.FromSeconds(5) });
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(server.ConnectedClients == 1), "the reader connected");
            await server.PublishAsync(trades[..100].Select(t => FakeBinanceServer.TradeFrame(t.Trade, t.Kind)));
            await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count == 100, "the first trades recorded");
            server.BeginOutage();
            await Eventually.TrueAsync(() => Task.FromResult(server.RefusedConnections >= 1), "a reconnect refused");
            // 150 ms apart: the 100 missed trades span 15 s of exchange time, more than MaxAge.
            await server.PublishAsync(trades[100..200].Select(t => FakeBinanceServer.TradeFrame(t.Trade, t.Kind)));
            server.EndOutage();
            await Eventually.TrueAsync(() => Task.FromResult(server.ConnectedClients == 1), "the reader reconnected");
            await server.PublishAsync(trades[200..].Select(t => FakeBinanceServer.TradeFrame(t.Trade, t.Kind)));
            await Eventually.TrueAsync(async () => reader.Status.GapFill.UnfilledCount == 2 && (await log.ReadTradesAsync()).Count == 200,
                "both instruments' gaps reported and the live trades recorded");

            Assert.Equal(0, server.HistoryRequests);
            var health = await new SourceHealthCheck(reader, TimeProvider.System).CheckHealthAsync(new HealthCheckContext());
            Assert.Equal(HealthStatus.Degraded, health.Status);
            Assert.Contains("2 gap(s) not filled", health.Description);
            Assert.Contains("Ingest:GapFill:MaxAge", health.Description);
            Assert.Equal(2L, health.Data["unfilled_gaps"]);
        }
        finally
        {
            await stop();
            await run;
        }
    }

    /// <summary>Trades alternating between BTCUSDT and ETHUSDT, ids consecutive per symbol as Binance numbers them.</summary>
    [Fact]
    public async Task A_burst_queued_behind_a_slow_append_is_recorded_in_batches_each_trade_once()
    {
        var trades = Market(1500, insuranceFundAt: []);
        await using var server = await FakeBinanceServer.StartAsync();
        await using var log = new TemporaryLog();
        using var batches = new FirstBatchHeld();
        var (reader, run, stop) = Start(server, log, liveRecorder: new MarketRecorder(log.Log, log.Prices, TimeProvider.System, batches));
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(server.ConnectedClients == 1), "the reader connected");
            await server.PublishAsync([FakeBinanceServer.TradeFrame(trades[0].Trade)]);
            await Eventually.TrueAsync(() => Task.FromResult(batches.Held), "the first append held");
            var received = reader.Status.MessagesReceived;
            await server.PublishAsync(trades[1..].Select(t => FakeBinanceServer.TradeFrame(t.Trade)));
            await Eventually.TrueAsync(() => Task.FromResult(reader.Status.MessagesReceived == received + trades.Count - 1), "the burst queued");

            batches.Release();
            await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count == trades.Count, "every trade recorded");

            // The held message alone, then the queue in appends of at most MaxBatchMessages messages each.
            var queued = trades.Count - 1;
            Assert.Equal(1 + (queued + RecordingFeed.MaxBatchMessages - 1) / RecordingFeed.MaxBatchMessages, batches.Appends);
            Assert.Equal(trades.Count, batches.Trades);
            Assert.Equal(Candles(trades.Select(t => t.Trade)), Candles(await log.ReadTradesAsync()));
        }
        finally
        {
            batches.Release();
            await stop();
            await run;
        }
    }

    /// <summary>Counts the live appends and holds the first one until released, so that the messages after it queue up.</summary>
    private sealed class FirstBatchHeld : IRecordingObserver, IDisposable
    {
        private readonly ManualResetEventSlim _released = new();
        private int _appends;
        private int _trades;

        public bool Held { get; private set; }

        public int Appends => Volatile.Read(ref _appends);

        public int Trades => Volatile.Read(ref _trades);

        public void OnRecorded(IReadOnlyList<Trade> trades, AppendResult result, IReadOnlyList<Quote> quotes)
        {
            Interlocked.Add(ref _trades, trades.Count);
            if (Interlocked.Increment(ref _appends) > 1) return;
            Held = true;
            _released.Wait(TimeSpan.FromSeconds(60));
        }

        public void Release() => _released.Set();

        public void Dispose() => _released.Dispose();
    }

    private static List<(Trade Trade, string Kind)> Market(int count, int[] insuranceFundAt) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var instrument = i % 2 == 0 ? Btc : Eth;
            var price = (instrument == Btc ? 90_000m : 3_000m) + i % 37 * 0.1m;
            var quantity = (i % 11 + 1) * 0.001m;
            var trade = new Trade(instrument, (7_000_000 + i / 2).ToString(), Open.AddMilliseconds(i * 150), price, quantity, price * quantity,
                i % 3 == 0 ? TakerSide.Sell : TakerSide.Buy);
            return (trade, insuranceFundAt.Contains(i) ? "INSURANCE_FUND" : "MARKET");
        })];

    private static IReadOnlyList<Candle> Candles(IEnumerable<Trade> trades)
    {
        var aggregator = new TradeAggregator();
        aggregator.AddRange(trades.OrderBy(t => t.Time).ThenBy(t => t.TradeId));
        return aggregator.TakeDeltas();
    }

    private static (BinanceWebSocketReader Reader, Task Run, Func<Task> Stop) Start(
        FakeBinanceServer server, TemporaryLog log, GapFillOptions? gapFill = null, MarketRecorder? liveRecorder = null)
    {
        var options = new BinanceReaderOptions
        {
            WebSocketUrl = server.WebSocketUrl,
            RestUrl = server.RestUrl,
            Symbols = ["BTCUSDT", "ETHUSDT"],
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        options.Url = options.StreamUrl();
        var market = BinanceMarket.UsdM;
        var http = new HttpClient(new RateLimitHandler(market.RateLimits, TimeProvider.System, NullLogger<RateLimitHandler>.Instance) { InnerHandler = new SocketsHttpHandler() });
        var history = new BinanceTradeHistory(market, http, server.RestUrl);
        var filler = new GapFiller(market.Venue, history, log.Recorder, gapFill ?? new GapFillOptions { RetryDelay = TimeSpan.FromMilliseconds(10) }, TimeProvider.System, NullLogger<GapFiller>.Instance);
        var reader = new BinanceWebSocketReader(market, options, new LiveGapFill(filler, log.Log, liveRecorder ?? log.Recorder, consecutiveIds: true),
            TimeProvider.System, NullLogger<BinanceWebSocketReader>.Instance);
        var cts = new CancellationTokenSource();
        var run = reader.RunAsync(cts.Token);
        return (reader, run, async () =>
        {
            await cts.CancelAsync();
            http.Dispose();
        });
    }
}
