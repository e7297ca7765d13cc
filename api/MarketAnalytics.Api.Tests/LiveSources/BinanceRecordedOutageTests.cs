using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Ingest.Binance;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Api.Tests.LiveSources;

/// <summary>Binance's recorded USD-M frames replayed live through a fake Binance, with an outage in the middle that only the
/// REST gap-fill can bridge, reproduce Binance's own 1-minute klines.</summary>
public sealed class BinanceRecordedOutageTests
{
    [SharedDataFact]
    public async Task Recorded_frames_through_a_fake_binance_with_an_outage_reproduce_every_complete_minute_of_binance_klines()
    {
        var files = Directory.GetFiles(SharedData.Path("binance-usdm-btcusdt"), "*.frames.gz").Order(StringComparer.Ordinal).ToArray();
        var recordings = files.Select(f => FakeBinanceServer.RecordedFrames(f).ToList()).ToList();
        var (trades, quotes) = Parse(recordings.SelectMany(r => r));
        // The outage is the middle third of the longest recording file, so the gap stays far inside Ingest:GapFill:MaxAge.
        var longest = recordings.IndexOf(recordings.MaxBy(r => r.Count)!);
        var (outageFrom, outageTo) = (recordings[longest].Count / 3, recordings[longest].Count * 2 / 3);

        using var data = new DataDirectory();
        await using var server = await FakeBinanceServer.StartAsync(pageSize: 500);
        await using (var host = await VenueHost.StartAsync(data.Path,
            ["--Ingest:Sources=binanceusdm", .. VenueHost.VenueSettings(Venues.BinanceUsdm, server.WebSocketUrl, server.RestUrl, "BTCUSDT")]))
        {
            await Eventually.TrueAsync(() => Task.FromResult(server.ConnectedClients == 1), "the reader connected");
            for (var i = 0; i < recordings.Count; i++)
            {
                if (i != longest)
                {
                    await server.PublishAsync(recordings[i]);
                    continue;
                }
                await server.PublishAsync(recordings[i][..outageFrom]);
                server.BeginOutage();
                await Eventually.TrueAsync(() => Task.FromResult(server.RefusedConnections >= 1), "a reconnect refused");
                await server.PublishAsync(recordings[i][outageFrom..outageTo]);
                server.RateLimitNextHistoryRequests(1, retryAfterSeconds: 1);
                server.EndOutage();
                await Eventually.TrueAsync(() => Task.FromResult(server.ConnectedClients == 1), "the reader reconnected");
                await server.PublishAsync(recordings[i][outageTo..]);
            }
            var market = trades.Count(t => t.IsMarket);
            await Eventually.TrueAsync(() => Task.FromResult(host.CommittedTrades == market), $"all {market} market trades aggregated");
        }

        var candles = (await data.AllCandlesAsync()).Where(c => c.Interval == CandleInterval.OneMinute).ToList();
        var klines = BinanceKlines.Read(SharedData.Path("binance-usdm-btcusdt/klines-1m.csv"));
        // Complete minutes are judged from the recording itself: the log may still be taking the last quotes when the host stops.
        var complete = BinanceKlines.CompleteMinutes(trades.Select(t => t.Time).Concat(quotes.Select(q => q.Time)), candles);
        Assert.Equal(19, complete.Count); // as ../shared/data/README.md counts them
        foreach (var candle in complete) Assert.Equal(klines[candle.OpenTime], BinanceKlines.Kline.Of(candle));
        Assert.True(server.HistoryRequests >= 2, "the outage was bridged over REST (the 429, then pages)");
    }

    /// <summary>The unique trades and the quotes of the frames, parsed as the reader parses them.</summary>
    private static (List<Trade> Trades, List<Quote> Quotes) Parse(IEnumerable<string> frames)
    {
        var parser = new BinanceFrameParser(Venues.BinanceUsdm);
        var trades = new List<Trade>();
        var quotes = new List<Quote>();
        foreach (var frame in frames) parser.ParseFrame(System.Text.Encoding.UTF8.GetBytes(frame), trades, quotes);
        return ([.. trades.DistinctBy(t => t.TradeId)], quotes);
    }
}
