using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Bybit;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Ingest.Tests.Bybit;

public sealed class BybitWebSocketReaderTests
{
    private static readonly InstrumentId Btc = InstrumentId.Of(Venues.Bybit, "BTCUSDT");
    private static readonly InstrumentId Eth = InstrumentId.Of(Venues.Bybit, "ETHUSDT");
    private static readonly DateTime Start = new(2024, 3, 1, 12, 0, 30, DateTimeKind.Utc);

    // Linear trade ids are UUIDs; each trade has its own millisecond, as the filler orders trades of one time by id.
    private static Trade BtcTrade(int n) => new(Btc, $"20f43950-d8dd-5b31-9112-{n:D12}", Start.AddMilliseconds(100 * n), 16000m + n % 9,
        0.001m * n, (16000m + n % 9) * 0.001m * n, n % 4 == 0 ? TakerSide.Sell : TakerSide.Buy);

    private static Trade EthTrade(int n) => new(Eth, $"8a7c0000-0000-0000-0000-{n:D12}", Start.AddMilliseconds(170 * n), 1200m - n % 3,
        0.1m, (1200m - n % 3) * 0.1m, n % 2 == 0 ? TakerSide.Sell : TakerSide.Buy);

    private sealed class Harness : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly HttpClient _http;
        private readonly Task _running;

        public Harness(FakeBybitServer server, TemporaryLog log, params string[] symbols) : this(server, log, null, symbols)
        {
        }

        public Harness(FakeBybitServer server, TemporaryLog log, int? pageSize, params string[] symbols)
        {
            _http = ReaderGapFill.RestClient();
            var options = new BybitReaderOptions
            {
                Symbols = symbols,
                WebSocketUrl = server.WebSocketUrl,
                RestUrl = server.RestUrl,
                HeartbeatInterval = TimeSpan.FromMilliseconds(200),
                StalenessTimeout = TimeSpan.FromSeconds(2),
                ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            };
            options.Url = options.StreamUrl();
            var gapFill = ReaderGapFill.Create(Venues.Bybit, new BybitTradeHistory(_http, server.RestUrl, options.Category, pageSize), log,
                consecutiveIds: false, options: new GapFillOptions { RetryDelay = TimeSpan.FromMilliseconds(20), Attempts = 2 });
            Reader = new BybitWebSocketReader(options, gapFill, TimeProvider.System,
                new CollectingLogger<BybitWebSocketReader>());
            _running = Reader.RunAsync(_stop.Token);
        }

        public BybitWebSocketReader Reader { get; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running;
            _http.Dispose();
        }
    }

    private static async Task<List<Trade>> WaitForTradesAsync(TemporaryLog log, int count)
    {
        await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count >= count, $"{count} trades in the log");
        return await log.ReadTradesAsync();
    }

    private static IEnumerable<Trade> InOrder(IEnumerable<Trade> trades) => trades.OrderBy(t => t.Instrument).ThenBy(t => t.Time);

    [Fact]
    public async Task Reader_candles_equal_the_candles_of_the_unique_trades()
    {
        await using var log = new TemporaryLog();
        await using var server = await FakeBybitServer.StartAsync();
        await using var harness = new Harness(server, log, "BTCUSDT", "ETHUSDT");
        await Eventually.TrueAsync(() => Task.FromResult(server.TradesSubscribed("BTCUSDT") && server.TradesSubscribed("ETHUSDT")), "both subscriptions");

        var expected = Enumerable.Range(1, 400).Select(BtcTrade).Concat(Enumerable.Range(1, 300).Select(EthTrade)).ToList();
        // A trade stamped before Bitcoin existed is a broken clock: counted, logged and dropped, the stream goes on.
        await server.TradeAsync(BtcTrade(1000) with { Time = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
        foreach (var trade in expected) await server.TradeAsync(trade);
        await server.QuoteAsync(new Quote(Btc, Start.AddMinutes(1), 16001m, 1.5m, 16002m, 2m));

        var recorded = await WaitForTradesAsync(log, expected.Count);
        Assert.Equal(InOrder(expected), InOrder(recorded));
        Assert.Equal(TradeCandles.Of(expected, CandleInterval.OneMinute), TradeCandles.Of(recorded, CandleInterval.OneMinute));
        await Eventually.TrueAsync(async () => (await log.Prices.GetAsync(Btc, CancellationToken.None)).Price?.AskPrice == 16002m, "the orderbook.1 quote as the ask");
        Assert.Equal(1, harness.Reader.Status.DroppedRecords);
    }

    [Fact]
    public async Task Across_an_outage_with_refused_reconnects_and_a_429_the_gap_fill_records_every_trade_once()
    {
        await using var log = new TemporaryLog();
        await using var server = await FakeBybitServer.StartAsync();
        await using var harness = new Harness(server, log, "BTCUSDT");
        await Eventually.TrueAsync(() => Task.FromResult(server.TradesSubscribed("BTCUSDT")), "the subscription");
        for (var n = 1; n <= 10; n++) await server.TradeAsync(BtcTrade(n));
        await WaitForTradesAsync(log, 10);

        server.RefuseConnections = true;
        server.DropConnections();
        for (var n = 11; n <= 500; n++) await server.TradeAsync(BtcTrade(n));
        server.AnswerNextRestRequestWith429();
        server.RefuseConnections = false;
        await Eventually.TrueAsync(() => Task.FromResult(server.TradesSubscribed("BTCUSDT")), "the resubscription");
        for (var n = 501; n <= 510; n++) await server.TradeAsync(BtcTrade(n));

        var recorded = await WaitForTradesAsync(log, 510);
        var all = Enumerable.Range(1, 510).Select(BtcTrade).ToList();
        Assert.Equal(all, InOrder(recorded));
        Assert.Equal(TradeCandles.Of(all, CandleInterval.OneMinute), TradeCandles.Of(recorded, CandleInterval.OneMinute));
        Assert.Equal(1, server.RateLimitedCount);
        await Eventually.TrueAsync(() => Task.FromResult(harness.Reader.Status.GapFill.Running == 0), "the fills to end");
        Assert.Equal(0, harness.Reader.Status.GapFill.UnfilledCount);
    }

    [Fact]
    public async Task A_gap_deeper_than_the_recent_trade_page_is_reported_unfilled_after_recording_what_rest_holds()
    {
        await using var log = new TemporaryLog();
        await using var server = await FakeBybitServer.StartAsync();
        server.RecentTradeLimit = 50;
        await using var harness = new Harness(server, log, pageSize: 50, "BTCUSDT");
        await Eventually.TrueAsync(() => Task.FromResult(server.TradesSubscribed("BTCUSDT")), "the subscription");
        for (var n = 1; n <= 10; n++) await server.TradeAsync(BtcTrade(n));
        await WaitForTradesAsync(log, 10);

        server.RefuseConnections = true;
        server.DropConnections();
        for (var n = 11; n <= 200; n++) await server.TradeAsync(BtcTrade(n));
        server.RefuseConnections = false;
        await Eventually.TrueAsync(() => Task.FromResult(server.TradesSubscribed("BTCUSDT")), "the resubscription");
        await server.TradeAsync(BtcTrade(201));
        await Eventually.TrueAsync(() => Task.FromResult(harness.Reader.Status.GapFill.UnfilledCount == 1), "the unfilled gap to be reported");

        // The page held the newest 50 trades when the fill ran (152..201); 11..151 are beyond Bybit's REST API.
        var expected = Enumerable.Range(1, 10).Concat(Enumerable.Range(152, 50)).Select(BtcTrade);
        Assert.Equal(expected, InOrder(await log.ReadTradesAsync()));
        var gap = Assert.Single(harness.Reader.Status.GapFill.LastUnfilled);
        Assert.Equal(BtcTrade(10).Time, gap.From);
        Assert.Contains("reaches back only to", gap.Reason);
    }

    [Fact]
    public async Task A_seq_that_steps_back_without_a_disconnect_fills_the_trades_the_stream_lost()
    {
        await using var log = new TemporaryLog();
        await using var server = await FakeBybitServer.StartAsync();
        await using var harness = new Harness(server, log, "BTCUSDT");
        await Eventually.TrueAsync(() => Task.FromResult(server.TradesSubscribed("BTCUSDT")), "the subscription");
        for (var n = 1; n <= 5; n++) await server.TradeAsync(BtcTrade(n));
        await WaitForTradesAsync(log, 5);

        // Bybit's matching service restarts: three trades never reach the stream, and the sequence starts lower.
        server.TradeUnseen(BtcTrade(6), BtcTrade(7), BtcTrade(8));
        server.StepSequenceBack();
        await server.TradeAsync(BtcTrade(9));

        var recorded = await WaitForTradesAsync(log, 9);
        Assert.Equal(Enumerable.Range(1, 9).Select(BtcTrade), InOrder(recorded));
        Assert.Equal(1, harness.Reader.SequenceBreaks);
        Assert.Equal(1, server.ConnectionCount);
    }
}
