using System.Diagnostics;
using System.Globalization;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Coinbase;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Ingest.Kraken;
using MarketAnalytics.Ingest.Testing;
using Xunit.Abstractions;

namespace MarketAnalytics.Ingest.Tests.GapFill;

/// <summary>A long gap filled from the fake Coinbase and Kraken REST histories: every trade once, in the pages each venue's
/// paging gives; the rate is printed, not asserted.</summary>
public sealed class VenueGapFillThroughputTests(ITestOutputHelper output)
{
    private const int Count = 50_000;
    private static readonly DateTime Open = new(2024, 8, 8, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    // Coinbase pages by id, 1000 new trades a page; Kraken by time from the last held trade, which each page repeats.
    [InlineData("coinbase:BTC-USD", 50)]
    [InlineData("kraken:BTC/USD", 51)]
    public async Task A_gap_of_50000_trades_is_filled_each_trade_once(string instrumentText, int pages)
    {
        var instrument = InstrumentId.Parse(instrumentText);
        var trades = Enumerable.Range(1, Count).Select(i => new Trade(instrument, i.ToString(CultureInfo.InvariantCulture), Open.AddMilliseconds(i),
            100m + i % 7, 0.01m, (100m + i % 7) * 0.01m, i % 2 == 0 ? TakerSide.Buy : TakerSide.Sell)).ToList();
        await using var log = new TemporaryLog();
        await log.Recorder.RecordAsync([trades[0]], [], default);
        await using var venue = await StartVenueAsync(instrument.Venue, trades);
        var filler = new GapFiller(instrument.Venue, venue.History, log.Recorder, new GapFillOptions(), TimeProvider.System, new CollectingLogger<GapFiller>());

        var started = Stopwatch.GetTimestamp();
        var result = await filler.FillAsync(instrument, TradeCursor.Of(trades[0]), TradeCursor.Of(trades[^1]), default);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(GapFillOutcome.MetLiveStream, result.Outcome);
        Assert.Equal(Count - 1, result.TradesRecorded);
        Assert.Equal(pages, result.Pages);
        Assert.Equal(trades, (await log.ReadTradesAsync()).OrderBy(t => t.Time));
        output.WriteLine($"{instrument}: gap-filled {result.TradesRecorded} trades in {result.Pages} pages in {elapsed.TotalSeconds:0.00} s: {result.TradesRecorded / elapsed.TotalSeconds:0} trades/s");
    }

    private static async Task<FakeHistory> StartVenueAsync(string venue, List<Trade> trades)
    {
        if (venue == Venues.Coinbase)
        {
            var coinbase = await FakeCoinbaseServer.StartAsync();
            foreach (var trade in trades) await coinbase.TradeAsync(trade, stream: false);
            return new FakeHistory(coinbase, new CoinbaseTradeHistory(ReaderGapFill.RestClient(), coinbase.Host.RestUrl));
        }
        var kraken = await FakeKrakenServer.StartAsync();
        foreach (var trade in trades) await kraken.TradeAsync(trade, stream: false);
        return new FakeHistory(kraken, new KrakenTradeHistory(ReaderGapFill.RestClient(), kraken.Host.RestUrl));
    }

    private sealed record FakeHistory(IAsyncDisposable Server, ITradeHistory History) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
