using MarketAnalytics.Core;
using MarketAnalytics.Core.Prices;
using MarketAnalytics.Ingest.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MarketAnalytics.Ingest.Tests;

public sealed class MarketRecorderTests
{
    [Fact]
    public async Task Prices_after_recording_a_batch_are_those_of_applying_every_record_in_order()
    {
        var random = new Random(7);
        var instruments = new[] { InstrumentId.Of("bitmex", "XBTUSD"), InstrumentId.Of("bitmex", "ETHUSD") };
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // Few distinct times, so equal times are common and the batch order of equals decides, as in the cache.
        var trades = Enumerable.Range(0, 500).Select(i => new Trade(instruments[random.Next(2)], i.ToString(), start.AddSeconds(random.Next(20)),
            1000m + random.Next(100), 1m, 1000m, random.Next(2) == 0 ? TakerSide.Buy : TakerSide.Sell, IsMarket: random.Next(10) > 0)).ToList();
        var quotes = Enumerable.Range(0, 500).Select(_ => new Quote(instruments[random.Next(2)], start.AddSeconds(random.Next(20)),
            900m + random.Next(50), random.Next(1, 9), 1100m + random.Next(50), random.Next(1, 9))).ToList();
        var everyRecord = new InMemoryPriceCache();
        await everyRecord.UpdateAsync(trades, quotes, CancellationToken.None);

        await using var log = new TemporaryLog();
        await log.Recorder.RecordAsync(trades, quotes, CancellationToken.None);

        foreach (var instrument in instruments)
            Assert.Equal((await everyRecord.GetAsync(instrument, CancellationToken.None)).Price, (await log.Prices.GetAsync(instrument, CancellationToken.None)).Price);
    }

    [Fact]
    public async Task Prices_after_a_batch_of_long_runs_per_instrument_are_those_of_applying_every_record_in_order()
    {
        var random = new Random(11);
        // Instruments come back after other runs, and ids are built anew (equal text, other instances), as from two parsers.
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var runs = new[] { "XBTUSD", "ETHUSD", "XBTUSD", "SOLUSD", "ETHUSD", "XBTUSD" };
        var trades = runs.SelectMany((symbol, run) => Enumerable.Range(0, 40 + run).Select(i => new Trade(InstrumentId.Of("bitmex", symbol),
            $"{run}-{i}", start.AddSeconds(random.Next(10)), 1000m + random.Next(100), 1m, 1000m,
            random.Next(3) == 0 ? TakerSide.Sell : TakerSide.Buy, IsMarket: random.Next(8) > 0))).ToList();
        var quotes = runs.SelectMany(symbol => Enumerable.Range(0, 30).Select(_ => new Quote(InstrumentId.Of("bitmex", symbol),
            start.AddSeconds(random.Next(10)), 900m + random.Next(50), random.Next(1, 9), 1100m + random.Next(50), random.Next(1, 9)))).ToList();
        var everyRecord = new InMemoryPriceCache();
        await everyRecord.UpdateAsync(trades, quotes, CancellationToken.None);

        await using var log = new TemporaryLog();
        await log.Recorder.RecordAsync(trades, quotes, CancellationToken.None);

        foreach (var symbol in runs.Distinct())
        {
            var instrument = InstrumentId.Of("bitmex", symbol);
            Assert.Equal((await everyRecord.GetAsync(instrument, CancellationToken.None)).Price, (await log.Prices.GetAsync(instrument, CancellationToken.None)).Price);
        }
    }

    [Fact]
    public async Task A_trade_more_than_a_minute_ahead_of_the_clock_is_logged_but_never_becomes_the_current_price()
    {
        var now = new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);
        var instrument = InstrumentId.Of("kraken", "XBTUSD");
        var trades = new List<Trade>
        {
            new(instrument, "1", now.AddSeconds(-5), 100m, 1m, 100m, TakerSide.Buy),
            new(instrument, "2", now.AddMinutes(1).AddTicks(1), 50000m, 1m, 50000m, TakerSide.Buy),
            new(instrument, "3", now.AddSeconds(-5), 99m, 1m, 99m, TakerSide.Sell),
        };
        var quotes = new List<Quote> { new(instrument, now.AddHours(2), 1m, 1m, 2m, 1m), new(instrument, now, 98m, 1m, 101m, 1m) };
        await using var log = new TemporaryLog();
        var recorder = new MarketRecorder(log.Log, log.Prices, new FakeTimeProvider(new DateTimeOffset(now, TimeSpan.Zero)));

        await recorder.RecordAsync(trades, quotes, CancellationToken.None);

        Assert.Equal(3, (await log.ReadTradesAsync()).Count);
        var price = (await log.Prices.GetAsync(instrument, CancellationToken.None)).Price!;
        Assert.Equal((100m, 99m, 98m, 101m), (price.BuyPrice, price.SellPrice, price.BidPrice, price.AskPrice));
        Assert.Equal(now, price.UpdatedAt);
    }
}
