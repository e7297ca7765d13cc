using MarketAnalytics.Core.Testing;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Bitmex;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Ingest.Tests.Bitmex;

/// <summary>The BitMEX reader fills what its <c>partial</c> does not replay from <c>GET /api/v1/trade</c>.</summary>
public sealed class BitmexGapFillTests
{
    private static readonly InstrumentId Xbt = InstrumentId.Of(Venues.Bitmex, "XBTUSD");
    private static readonly DateTime Start = new(2021, 7, 22, 22, 0, 0, DateTimeKind.Utc);

    private static Trade TradeNumber(int n)
    {
        var price = 32000m + n % 40 * 0.5m;
        var contracts = 100m * (1 + n % 5);
        return new Trade(Xbt, $"00000000-0000-0000-0000-{n:D12}", Start.AddMilliseconds(100L * n), price, contracts / price, contracts,
            n % 2 == 0 ? TakerSide.Buy : TakerSide.Sell, contracts);
    }

    private static BitmexReaderOptions OptionsFor(FakeBitmexServer server) => new()
    {
        Url = server.Url,
        RestUrl = server.RestUrl,
        Symbols = ["XBTUSD"],
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        StalenessTimeout = TimeSpan.FromSeconds(2),
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public async Task After_an_outage_with_refused_reconnects_and_a_429_rest_fills_what_the_partial_does_not_replay()
    {
        await using var log = new TemporaryLog();
        var tape = Enumerable.Range(1, 1500).Select(TradeNumber).ToArray();
        var drop = new TaskCompletionSource();
        await using var server = await FakeBitmexServer.StartAsync(
            async first =>
            {
                await first.SendWelcomeAsync();
                await first.AcceptSubscriptionAsync();
                await first.SendTradesAsync("partial", tape[..5]);
                foreach (var trade in tape[5..100]) await first.SendTradesAsync("insert", trade);
                await drop.Task;
                first.Drop();
            },
            async next =>
            {
                await next.SendWelcomeAsync();
                await next.AcceptSubscriptionAsync();
                // BitMEX's partial replays only the last few trades; the rest of the outage is REST's to fill.
                await next.SendTradesAsync("partial", tape[1395..1400]);
                foreach (var trade in tape[1400..]) await next.SendTradesAsync("insert", trade);
                await next.Closed;
            });
        server.AddHistory(tape);
        var fills = new CollectingLogger<GapFiller>();
        var gapFill = ReaderGapFill.Create(Venues.Bitmex, new BitmexTradeHistory(ReaderGapFill.RestClient(), server.RestUrl), log, consecutiveIds: false, fills);
        var reader = new BitmexWebSocketReader(OptionsFor(server), gapFill, TimeProvider.System, new CollectingLogger<BitmexWebSocketReader>());
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);
        await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count == 100, "the first connection's trades");

        server.RefusesConnections = true;
        drop.SetResult();
        await Eventually.TrueAsync(() => Task.FromResult(reader.Status.ReconnectCount >= 3), "three refused reconnects");
        server.RateLimitNextRestRequest();
        server.RefusesConnections = false;
        await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count == tape.Length && reader.Status.GapFill is { Fills: >= 2, Running: 0 },
            "every trade after the gap-fill");
        await stop.CancelAsync();
        await running;

        var stored = await log.ReadTradesAsync();
        Assert.Equal(tape.Length, stored.Count);
        Assert.Equal(TradeCandles.Of(tape, CandleInterval.OneMinute), TradeCandles.Of(stored, CandleInterval.OneMinute));
        // Trades 101…1395 were in neither connection's frames; the page may also hold some the second connection inserted.
        Assert.InRange(reader.Status.GapFill.TradesRecovered, 1295, 1395);
        Assert.Equal(0, reader.Status.GapFill.UnfilledCount);
        Assert.Contains(fills.Messages, m => m.Contains("bitmex: gap-fill of bitmex:XBTUSD ended (MetLiveStream)", StringComparison.Ordinal));
    }
}
