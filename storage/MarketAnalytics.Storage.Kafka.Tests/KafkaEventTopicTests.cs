using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Storage.Kafka.Tests;

public sealed class KafkaEventTopicTests(MockKafka kafka) : IClassFixture<MockKafka>
{
    private static readonly InstrumentId[] Markets = [InstrumentId.Of("internal", "BTC-USDT"), InstrumentId.Of("internal", "ETH-USDT")];
    private static readonly InstrumentId[] Assets = [InstrumentId.Of("internal", "USDT"), InstrumentId.Of("internal", "BTC")];

    [Fact]
    public async Task Order_and_wallet_events_go_to_their_own_topics_and_keep_their_order_per_key()
    {
        var options = kafka.NewTopics();
        await using var log = await KafkaMarketLog.OpenAsync(options, default);
        var events = Events(1, 200);

        Assert.Equal(new AppendResult(200, 0), await log.AppendEventsAsync(events, default));

        var orders = await log.ReadEventsAsync(EventTopic.Orders, default).ToListAsync();
        var wallets = await log.ReadEventsAsync(EventTopic.Wallets, default).ToListAsync();
        Assert.Equal(events.Where(e => e.Topic == EventTopic.Orders).Order(BySequence), orders.Order(BySequence));
        Assert.Equal(events.Where(e => e.Topic == EventTopic.Wallets).Order(BySequence), wallets.Order(BySequence));
        foreach (var key in Markets.Concat(Assets))
        {
            var sequences = orders.Concat(wallets).Where(e => e.Partition == key).Select(e => e.Sequence).ToList();
            Assert.Equal(sequences.Order(), sequences);
        }
    }

    [Fact]
    public async Task Events_appended_again_after_reopening_the_log_are_dropped_and_new_ones_kept()
    {
        var options = kafka.NewTopics();
        await using (var log = await KafkaMarketLog.OpenAsync(options, default))
            await log.AppendEventsAsync(Events(1, 60), default);

        await using var reopened = await KafkaMarketLog.OpenAsync(options, default);
        var result = await reopened.AppendEventsAsync(Events(1, 80), default);

        Assert.Equal(new AppendResult(20, 60), result);
        var all = (await reopened.ReadEventsAsync(EventTopic.Orders, default).ToListAsync())
            .Concat(await reopened.ReadEventsAsync(EventTopic.Wallets, default).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i), all.Select(e => e.Sequence).Order());
    }

    private static readonly Comparer<LoggedEvent> BySequence = Comparer<LoggedEvent>.Create((a, b) => a.Sequence.CompareTo(b.Sequence));

    /// <summary>Events numbered <paramref name="from"/> to <paramref name="to"/>: two of every three are order events.</summary>
    private static List<LoggedEvent> Events(int from, int to) =>
    [
        .. Enumerable.Range(from, to - from + 1).Select(i => i % 3 == 0
            ? new LoggedEvent(EventTopic.Wallets, Assets[i % 2], i, Time(i), "wallet", $$"""{"user_id":{{i % 7}},"available":"{{i}}.25"}""")
            : new LoggedEvent(EventTopic.Orders, Markets[i % 2], i, Time(i), "order", $$"""{"order_id":{{i}},"status":"filled"}""")),
    ];

    private static DateTime Time(int i) => new DateTime(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc).AddTicks(i * 12_345L);
}
