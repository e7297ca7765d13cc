using MarketAnalytics.Core;
using MarketAnalytics.Core.Prices;

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
}
