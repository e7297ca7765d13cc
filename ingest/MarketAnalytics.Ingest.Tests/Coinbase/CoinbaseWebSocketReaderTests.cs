using MarketAnalytics.Core.Testing;
using System.Globalization;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Coinbase;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Ingest.Tests.Coinbase;

public sealed class CoinbaseWebSocketReaderTests
{
    private static readonly InstrumentId BtcUsd = InstrumentId.Parse("coinbase:BTC-USD");
    private static readonly DateTime Start = new(2024, 8, 8, 0, 0, 0, DateTimeKind.Utc);

    // Trade n of a venue that trades every 100 ms; ids count up by one as Coinbase's do.
    private static Trade TradeNumber(int n)
    {
        var price = 60000m + n % 37 - n % 11 * 0.01m;
        var size = 0.001m * (1 + n % 7);
        return new Trade(BtcUsd, n.ToString(CultureInfo.InvariantCulture), Start.AddMilliseconds(100L * n), price, size, price * size,
            n % 3 == 0 ? TakerSide.Sell : TakerSide.Buy);
    }

    private static CoinbaseReaderRig Rig(FakeCoinbaseServer venue, TemporaryLog log)
    {
        var options = new CoinbaseOptions
        {
            WebSocketUrl = venue.Host.WebSocketUrl,
            RestUrl = venue.Host.RestUrl,
            Symbols = ["BTC-USD"],
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            StalenessTimeout = TimeSpan.FromSeconds(2),
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        };
        options.Url = options.StreamUrl();
        var fills = new CollectingLogger<GapFiller>();
        var gapFill = ReaderGapFill.Create(Venues.Coinbase, new CoinbaseTradeHistory(ReaderGapFill.RestClient(), venue.Host.RestUrl), log, consecutiveIds: true, fills);
        return new CoinbaseReaderRig(new CoinbaseWebSocketReader(options, gapFill, TimeProvider.System, new CollectingLogger<CoinbaseWebSocketReader>()), fills);
    }

    private sealed record CoinbaseReaderRig(CoinbaseWebSocketReader Reader, CollectingLogger<GapFiller> Fills);

    private static async Task<List<Trade>> WaitForTradesAsync(TemporaryLog log, int count)
    {
        await Eventually.TrueAsync(async () => (await log.ReadTradesAsync()).Count >= count, $"{count} trades in the log");
        return await log.ReadTradesAsync();
    }

    [Fact]
    public async Task The_readers_candles_equal_the_candles_of_the_unique_trades_with_last_match_and_heartbeats_in_between()
    {
        await using var log = new TemporaryLog();
        await using var venue = await FakeCoinbaseServer.StartAsync();
        var tape = Enumerable.Range(1, 400).Select(TradeNumber).ToList();
        // Trade 1 exists before the reader connects: it arrives as the last_match of the subscription.
        await venue.TradeAsync(tape[0], stream: false);
        var (reader, _) = Rig(venue, log);
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);
        await WaitForTradesAsync(log, 1);

        foreach (var trade in tape.Skip(1))
        {
            await venue.TradeAsync(trade);
            if (trade.TradeId.ToString().EndsWith('0')) await venue.SendHeartbeatsAsync();
        }
        await venue.QuoteAsync(new Quote(BtcUsd, tape[^1].Time, 59999.99m, 1.5m, 60000.01m, 0.25m));
        var stored = await WaitForTradesAsync(log, tape.Count);
        await Eventually.TrueAsync(() => Task.FromResult(log.Log.QuotePartitions.Count == 1), "the quote in the log");
        await stop.CancelAsync();
        await running;

        Assert.Equal(tape.Count, stored.Count);
        Assert.Equal(TradeCandles.Of(tape, CandleInterval.OneMinute), TradeCandles.Of(stored, CandleInterval.OneMinute));
        Assert.Equal(tape.OrderBy(t => t.TradeId), stored.OrderBy(t => t.TradeId));
        Assert.Equal(1, venue.Host.ConnectionCount);
        Assert.Equal(0, reader.OutOfOrderMessages);
    }

    [Fact]
    public async Task After_an_outage_with_refused_reconnects_and_a_429_the_gap_is_filled_and_every_trade_is_stored_once()
    {
        await using var log = new TemporaryLog();
        await using var venue = await FakeCoinbaseServer.StartAsync();
        var tape = Enumerable.Range(1, 2800).Select(TradeNumber).ToList();
        await venue.TradeAsync(tape[0], stream: false);
        var (reader, fills) = Rig(venue, log);
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);
        await WaitForTradesAsync(log, 1);
        foreach (var trade in tape.Take(200).Skip(1)) await venue.TradeAsync(trade);
        await WaitForTradesAsync(log, 200);

        // The venue keeps trading while the connection is down and reconnects are refused.
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
        Assert.Equal(1, venue.Host.RateLimitedCount);
        // Trades 201…2699 came from three REST pages (2700 was the new connection's last_match).
        Assert.Equal(2499, reader.Status.GapFill.TradesRecovered);
        Assert.Equal(0, reader.Status.GapFill.UnfilledCount);
        Assert.Contains(fills.Messages, m => m.Contains("coinbase: gap-fill of coinbase:BTC-USD ended (MetLiveStream)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_trade_id_that_skips_ahead_without_a_disconnect_is_filled_from_rest()
    {
        await using var log = new TemporaryLog();
        await using var venue = await FakeCoinbaseServer.StartAsync();
        var tape = Enumerable.Range(1, 70).Select(TradeNumber).ToList();
        await venue.TradeAsync(tape[0], stream: false);
        var (reader, _) = Rig(venue, log);
        using var stop = new CancellationTokenSource();
        var running = reader.RunAsync(stop.Token);
        await WaitForTradesAsync(log, 1);

        foreach (var trade in tape.Skip(1).Take(49)) await venue.TradeAsync(trade);
        // The feed drops trades 51…60 (and their sequence numbers) while the connection stays up.
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
