using MarketAnalytics.Core.Testing;
using System.Globalization;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Kraken;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Ingest.Tests.Kraken;

public sealed class KrakenWebSocketReaderTests
{
    private static readonly InstrumentId BtcUsd = InstrumentId.Parse("kraken:BTC/USD");
    private static readonly DateTime Start = new(2024, 8, 8, 0, 0, 0, DateTimeKind.Utc);

    // Trade n of a venue that trades every 100 ms, some trades sharing a microsecond as one order's fills do.
    private static Trade TradeNumber(int n)
    {
        var price = 60000.1m + n % 23 - n % 5 * 0.1m;
        var quantity = 0.0001m * (1 + n % 9);
        return new Trade(BtcUsd, (61044950 + n).ToString(CultureInfo.InvariantCulture), Start.AddTicks(n / 2 * 1_000_000L), price, quantity,
            price * quantity, n % 4 == 0 ? TakerSide.Sell : TakerSide.Buy);
    }

    private static (KrakenWebSocketReader Reader, CollectingLogger<GapFiller> Fills) Rig(FakeKrakenServer venue, TemporaryLog log)
    {
        var options = new KrakenOptions
        {
            WebSocketUrl = venue.Host.WebSocketUrl,
            RestUrl = venue.Host.RestUrl,
            Symbols = ["BTC/USD"],
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            StalenessTimeout = TimeSpan.FromSeconds(2),
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        options.Url = options.StreamUrl();
        var fills = new CollectingLogger<GapFiller>();
        var gapFill = ReaderGapFill.Create(Venues.Kraken, new KrakenTradeHistory(ReaderGapFill.RestClient(), venue.Host.RestUrl), log, consecutiveIds: true, fills);
        return (new KrakenWebSocketReader(options, gapFill, TimeProvider.System, new CollectingLogger<KrakenWebSocketReader>()), fills);
    }

    private static async Task<List<Trade>> WaitForTradesAsync(TemporaryLog log, int count)
    {
        await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count >= count, $"{count} trades in the log");
        return await log.ReadTradesAsync();
    }

    [Fact]
    public async Task The_readers_candles_equal_the_candles_of_the_unique_trades_with_the_snapshot_overlapping_them()
    {
        await using var log = new TemporaryLog();
        await using var venue = await FakeKrakenServer.StartAsync();
        var tape = Enumerable.Range(1, 300).Select(TradeNumber).ToList();
        // The first 20 trades exist before the reader connects: they arrive in the subscription's snapshot.
        foreach (var trade in tape.Take(20)) await venue.TradeAsync(trade, stream: false);
        var (reader, _) = Rig(venue, log);
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);
        await WaitForTradesAsync(log, 20);

        foreach (var trade in tape.Skip(20))
        {
            await venue.TradeAsync(trade);
            if (trade.TradeId.ToString().EndsWith('7')) await venue.SendHeartbeatAsync();
        }
        await venue.QuoteAsync(new Quote(BtcUsd, tape[^1].Time, 60000.1m, 0.5m, 60000.2m, 1.25m));
        var stored = await WaitForTradesAsync(log, tape.Count);
        await Eventually.TrueAsync(() => Task.FromResult(log.Log.QuotePartitions.Count == 1), "the quote in the log");
        await stop.CancelAsync();
        await running;

        Assert.Equal(tape.Count, stored.Count);
        Assert.Equal(TradeCandles.Of(tape, CandleInterval.OneMinute), TradeCandles.Of(stored, CandleInterval.OneMinute));
        Assert.Equal(1, venue.Host.ConnectionCount);
    }

    [Fact]
    public async Task After_an_outage_with_refused_reconnects_and_a_429_the_gap_is_filled_and_every_trade_is_stored_once()
    {
        await using var log = new TemporaryLog();
        await using var venue = await FakeKrakenServer.StartAsync();
        var tape = Enumerable.Range(1, 2800).Select(TradeNumber).ToList();
        await venue.TradeAsync(tape[0], stream: false);
        var (reader, fills) = Rig(venue, log);
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);
        await WaitForTradesAsync(log, 1);
        foreach (var trade in tape.Take(200).Skip(1)) await venue.TradeAsync(trade);
        await WaitForTradesAsync(log, 200);

        venue.Host.RefusesConnections = true;
        venue.Host.DropConnections();
        foreach (var trade in tape.Take(2700).Skip(200)) await venue.TradeAsync(trade);
        await Eventually.TrueAsync(() => Task.FromResult(reader.Status.ReconnectCount >= 3), "three refused reconnects");
        venue.Host.RateLimitNextRestRequest();
        venue.Host.RefusesConnections = false;
        await Eventually.TrueAsync(() => Task.FromResult(venue.Host.ConnectionCount >= 2 && reader.Status.GapFill is { Fills: >= 2, Running: 0 }), "the gap-fill after the reconnect");
        foreach (var trade in tape.Skip(2700)) await venue.TradeAsync(trade);
        var stored = await WaitForTradesAsync(log, tape.Count);
        await stop.CancelAsync();
        await running;

        Assert.Equal(tape.Count, stored.Count);
        Assert.Equal(TradeCandles.Of(tape, CandleInterval.OneMinute), TradeCandles.Of(stored, CandleInterval.OneMinute));
        Assert.Equal(tape.Select(t => t.Time), stored.OrderBy(t => t.TradeId).Select(t => t.Time));
        Assert.Equal(1, venue.Host.RateLimitedCount);
        // Trades 201…2650 came from REST; the reconnect's snapshot brought 2651…2700.
        Assert.Equal(2450, reader.Status.GapFill.TradesRecovered);
        Assert.Equal(0, reader.Status.GapFill.UnfilledCount);
        Assert.Contains(fills.Messages, m => m.Contains("kraken: gap-fill of kraken:BTC/USD ended (MetLiveStream)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_trade_id_that_skips_ahead_without_a_disconnect_is_filled_from_rest()
    {
        await using var log = new TemporaryLog();
        await using var venue = await FakeKrakenServer.StartAsync();
        var tape = Enumerable.Range(1, 70).Select(TradeNumber).ToList();
        await venue.TradeAsync(tape[0], stream: false);
        var (reader, _) = Rig(venue, log);
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);
        await WaitForTradesAsync(log, 1);

        foreach (var trade in tape.Skip(1).Take(49)) await venue.TradeAsync(trade);
        // The stream loses trades 51…60 while the connection stays up.
        foreach (var trade in tape.Skip(50).Take(10)) await venue.TradeAsync(trade, stream: false);
        foreach (var trade in tape.Skip(60)) await venue.TradeAsync(trade);
        var stored = await WaitForTradesAsync(log, tape.Count);
        await stop.CancelAsync();
        await running;

        Assert.Equal(tape.OrderBy(t => t.TradeId), stored.OrderBy(t => t.TradeId));
        Assert.Equal(1, venue.Host.ConnectionCount);
        // At least the ten lost trades; the page may also hold trades the stream delivers a moment later.
        Assert.InRange(reader.Status.GapFill.TradesRecovered, 10, 19);
    }
}
