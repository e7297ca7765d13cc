using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Okx;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Ingest.Tests.Okx;

public sealed class OkxWebSocketReaderTests
{
    private static readonly InstrumentId Spot = InstrumentId.Of(Venues.Okx, "BTC-USDT");
    private static readonly InstrumentId Swap = InstrumentId.Of(Venues.Okx, "BTC-USDT-SWAP");
    private static readonly DateTime Start = new(2024, 3, 1, 12, 0, 30, DateTimeKind.Utc);

    private static Trade SpotTrade(int n) => new(Spot, n.ToString(), Start.AddMilliseconds(250 * n), 60000m + n % 7, 0.001m * n,
        (60000m + n % 7) * 0.001m * n, n % 3 == 0 ? TakerSide.Sell : TakerSide.Buy);

    // Contracts worth 0.01 BTC each: sz = n contracts, base = n × 0.01.
    private static Trade SwapTrade(int n) => new(Swap, (1000 + n).ToString(), Start.AddMilliseconds(400 * n), 60010m - n % 5, 0.01m * n,
        (60010m - n % 5) * 0.01m * n, n % 2 == 0 ? TakerSide.Sell : TakerSide.Buy, Contracts: n);

    private sealed class Harness : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly HttpClient _http;
        private readonly Task _running;

        public Harness(FakeOkxServer server, TemporaryLog log, params string[] symbols)
        {
            _http = ReaderGapFill.RestClient();
            var options = new OkxReaderOptions
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
            var contracts = new OkxContractValues(_http, server.RestUrl);
            var gapFill = ReaderGapFill.Create(Venues.Okx, new OkxTradeHistory(_http, server.RestUrl, contracts), log, consecutiveIds: false);
            Reader = new OkxWebSocketReader(options, gapFill, contracts, log.Recorder,
                TimeProvider.System, new CollectingLogger<OkxWebSocketReader>());
            _running = Reader.RunAsync(_stop.Token);
        }

        public OkxWebSocketReader Reader { get; }

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

    [Fact]
    public async Task Spot_and_contract_trades_give_the_candles_of_the_unique_trades_with_contracts_in_base_units()
    {
        await using var log = new TemporaryLog();
        await using var server = await FakeOkxServer.StartAsync(new Dictionary<string, (decimal, string)> { ["BTC-USDT-SWAP"] = (0.01m, "linear") });
        await using var harness = new Harness(server, log, "BTC-USDT", "BTC-USDT-SWAP");
        await Eventually.TrueAsync(() => Task.FromResult(server.TradesSubscribed("BTC-USDT") && server.TradesSubscribed("BTC-USDT-SWAP")), "both subscriptions");

        var expected = Enumerable.Range(1, 300).Select(SpotTrade).Concat(Enumerable.Range(1, 200).Select(SwapTrade)).ToList();
        foreach (var trade in expected) await server.TradeAsync(trade);
        await server.QuoteAsync(new Quote(Spot, Start.AddMinutes(2), 60001m, 0.5m, 60002m, 0.7m));

        var recorded = await WaitForTradesAsync(log, expected.Count);
        Assert.Equal(expected.OrderBy(t => t.Instrument).ThenBy(t => t.Time), recorded.OrderBy(t => t.Instrument).ThenBy(t => t.Time));
        Assert.Equal(TradeCandles.Of(expected, CandleInterval.OneMinute), TradeCandles.Of(recorded, CandleInterval.OneMinute));
        await Eventually.TrueAsync(async () => (await log.Prices.GetAsync(Spot, CancellationToken.None)).Price?.BidPrice == 60001m, "the bbo-tbt quote as the bid");
    }

    [Fact]
    public async Task Across_an_outage_with_refused_reconnects_and_a_429_the_gap_fill_records_every_trade_once()
    {
        await using var log = new TemporaryLog();
        await using var server = await FakeOkxServer.StartAsync();
        await using var harness = new Harness(server, log, "BTC-USDT");
        await Eventually.TrueAsync(() => Task.FromResult(server.TradesSubscribed("BTC-USDT")), "the subscription");
        for (var n = 1; n <= 10; n++) await server.TradeAsync(SpotTrade(n));
        await WaitForTradesAsync(log, 10);

        server.RefuseConnections = true;
        server.DropConnections();
        // The venue keeps trading: 250 trades, three REST pages, reach no client.
        for (var n = 11; n <= 260; n++) await server.TradeAsync(SpotTrade(n));
        server.AnswerNextRestRequestWith429();
        server.RefuseConnections = false;
        await Eventually.TrueAsync(() => Task.FromResult(server.TradesSubscribed("BTC-USDT")), "the resubscription");
        for (var n = 261; n <= 270; n++) await server.TradeAsync(SpotTrade(n));

        var recorded = await WaitForTradesAsync(log, 270);
        var all = Enumerable.Range(1, 270).Select(SpotTrade).ToList();
        Assert.Equal(all, recorded.OrderBy(t => long.Parse(t.TradeId.ToString())));
        Assert.Equal(TradeCandles.Of(all, CandleInterval.OneMinute), TradeCandles.Of(recorded, CandleInterval.OneMinute));
        Assert.Equal(1, server.RateLimitedCount);
        Assert.True(server.ConnectionCount >= 4, "both connections were made again");
        await Eventually.TrueAsync(() => Task.FromResult(harness.Reader.Status.GapFill.Running == 0), "the fills to end");
        Assert.Equal(0, harness.Reader.Status.GapFill.UnfilledCount);
    }

    [Fact]
    public async Task An_inverse_contract_is_refused_with_its_reason_and_the_other_symbols_are_read()
    {
        await using var log = new TemporaryLog();
        await using var server = await FakeOkxServer.StartAsync(new Dictionary<string, (decimal, string)> { ["BTC-USD-SWAP"] = (100m, "inverse") });
        await using var harness = new Harness(server, log, "BTC-USDT", "BTC-USD-SWAP");
        await Eventually.TrueAsync(() => Task.FromResult(server.TradesSubscribed("BTC-USDT")), "the spot subscription");

        await server.TradeAsync(SpotTrade(1));
        await WaitForTradesAsync(log, 1);

        Assert.False(server.TradesSubscribed("BTC-USD-SWAP"));
        Assert.Contains("BTC-USD-SWAP is an inverse contract: its contract value is 100 USD", harness.Reader.Status.LastError);
    }
}
