using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

public sealed class EventTopicTests
{
    private static readonly InstrumentId Btc = InstrumentId.Of("internal", "BTC-USDT");
    private static readonly InstrumentId Eth = InstrumentId.Of("internal", "ETH-USDT");
    private static readonly InstrumentId Usdt = InstrumentId.Of("internal", "USDT");

    [Fact]
    public async Task Events_come_back_per_topic_and_partition_in_the_order_they_were_appended()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);
        LoggedEvent[] events = [Order(Btc, 1), Wallet(Usdt, 2), Order(Eth, 3), Order(Btc, 4), Wallet(Usdt, 5)];

        var result = await log.AppendEventsAsync(events, CancellationToken.None);

        Assert.Equal(new AppendResult(5, 0), result);
        var orders = await log.ReadEventsAsync(EventTopic.Orders, CancellationToken.None).ToListAsync();
        Assert.Equal([Order(Btc, 1), Order(Btc, 4), Order(Eth, 3)], orders);
        var wallets = await log.ReadEventsAsync(EventTopic.Wallets, CancellationToken.None).ToListAsync();
        Assert.Equal([Wallet(Usdt, 2), Wallet(Usdt, 5)], wallets);
        Assert.Empty(log.TradePartitions);
    }

    [Fact]
    public async Task Events_appended_again_after_a_restart_are_dropped_and_new_ones_kept()
    {
        using var dir = new ScratchDirectory();
        await using (var log = EmbeddedLog.Open(dir.Path))
            await log.AppendEventsAsync([Order(Btc, 1), Wallet(Usdt, 2), Order(Btc, 3)], CancellationToken.None);

        await using var reopened = EmbeddedLog.Open(dir.Path);
        var result = await reopened.AppendEventsAsync(
            [Order(Btc, 1), Wallet(Usdt, 2), Order(Btc, 3), Wallet(Usdt, 4), Order(Eth, 5)], CancellationToken.None);

        Assert.Equal(new AppendResult(2, 3), result);
        Assert.Equal([1, 3, 5], (await reopened.ReadEventsAsync(EventTopic.Orders, CancellationToken.None).ToListAsync()).Select(e => e.Sequence));
        Assert.Equal([2, 4], (await reopened.ReadEventsAsync(EventTopic.Wallets, CancellationToken.None).ToListAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_batch_with_an_event_without_a_body_is_rejected_and_writes_nothing()
    {
        using var dir = new ScratchDirectory();
        await using var log = EmbeddedLog.Open(dir.Path);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            log.AppendEventsAsync([Order(Btc, 1), Order(Btc, 2) with { Json = "" }], CancellationToken.None).AsTask());

        Assert.Contains("JSON", error.Message, StringComparison.Ordinal);
        Assert.Empty(await log.ReadEventsAsync(EventTopic.Orders, CancellationToken.None).ToListAsync());
        Assert.Equal(new AppendResult(1, 0), await log.AppendEventsAsync([Order(Btc, 1)], CancellationToken.None));
    }

    private static LoggedEvent Order(InstrumentId market, long sequence) => new(EventTopic.Orders, market, sequence,
        new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc).AddTicks(sequence), "order", $$"""{"order_id":{{sequence}},"status":"open"}""");

    private static LoggedEvent Wallet(InstrumentId asset, long sequence) => new(EventTopic.Wallets, asset, sequence,
        new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc).AddTicks(sequence), "wallet", $$"""{"user_id":7,"available":"{{sequence}}.5"}""");
}
