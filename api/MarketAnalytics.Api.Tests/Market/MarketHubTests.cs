using System.Globalization;
using MarketAnalytics.Api.Market;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Tests.Market;

public sealed class MarketHubTests
{
    private static readonly InstrumentId Xbt = InstrumentId.Of(Venues.Bitmex, "XBTUSD");
    private static readonly InstrumentId Eth = InstrumentId.Of(Venues.Bitmex, "ETHUSD");

    [Fact]
    public async Task Only_trades_the_log_took_are_pushed_and_a_partly_duplicate_batch_pushes_just_its_new_ones()
    {
        var hub = Hub();
        using var subscription = hub.Subscribe(TradesOf(Xbt), afterEventId: null);

        hub.OnRecorded(Trades(Xbt, 1, 2, 3), new AppendResult(3, 0), []);
        hub.OnRecorded(Trades(Xbt, 2, 3, 4), new AppendResult(1, 2), []);
        hub.OnRecorded(Trades(Xbt, 4), new AppendResult(0, 1), []);

        Assert.Equal(4, hub.LastEventId);
        var pushed = await ReadAsync(subscription, 4);
        Assert.Equal([1L, 2, 3, 4], pushed.Select(e => e.Id));
        Assert.Equal(["1", "2", "3", "4"], pushed.Select(e => ((TradeMessage)e.Data).TradeId));
    }

    [Fact]
    public async Task A_subscriber_resuming_inside_the_buffer_gets_the_events_after_its_id_and_one_before_it_is_told_to_reset()
    {
        var hub = Hub(replayEvents: 16);
        hub.OnRecorded(Trades(Xbt, Enumerable.Range(1, 10).ToArray()), new AppendResult(10, 0), []);

        using (var resumed = hub.Subscribe(TradesOf(Xbt), afterEventId: 5))
        {
            Assert.False(resumed.ResumeFailed);
            Assert.Equal([6L, 7, 8, 9, 10], (await ReadAsync(resumed, 5)).Select(e => e.Id));
        }

        hub.OnRecorded(Trades(Xbt, Enumerable.Range(11, 20).ToArray()), new AppendResult(20, 0), []);
        using var late = hub.Subscribe(TradesOf(Xbt), afterEventId: 5);
        Assert.True(late.ResumeFailed);
        Assert.Equal(15, late.OldestAvailable);
        using var ahead = hub.Subscribe(TradesOf(Xbt), afterEventId: 31);
        Assert.True(ahead.ResumeFailed);
    }

    [Fact]
    public async Task A_subscriber_whose_queue_is_full_is_dropped_with_its_queue_and_the_others_keep_theirs()
    {
        var hub = Hub(clientBuffer: 2);
        using var slow = hub.Subscribe(TradesOf(Xbt), afterEventId: null);
        using var other = hub.Subscribe(TradesOf(Eth), afterEventId: null);

        hub.OnRecorded(Trades(Eth, 1), new AppendResult(1, 0), []);
        hub.OnRecorded(Trades(Xbt, 1, 2, 3), new AppendResult(3, 0), []);

        Assert.StartsWith("slow client", slow.DropReason);
        Assert.Null(other.DropReason);
        Assert.Equal((1, 1L), (hub.SubscriberCount, hub.DroppedSubscribers));
        Assert.Empty(await ReadAsync(slow, int.MaxValue));
        Assert.Equal("1", ((TradeMessage)Assert.Single(await ReadAsync(other, 1)).Data).TradeId);
    }

    private static MarketHub Hub(int replayEvents = 1000, int clientBuffer = 1000) =>
        new(Options.Create(new MarketPushOptions { ReplayEvents = replayEvents, ClientBufferEvents = clientBuffer }), new MarketChanges());

    private static HashSet<MarketKey> TradesOf(InstrumentId instrument) => [new MarketKey(instrument, MarketChannels.Trades, null)];

    private static List<Trade> Trades(InstrumentId instrument, params int[] ids) =>
    [
        .. ids.Select(i => new Trade(instrument, i.ToString(CultureInfo.InvariantCulture), new DateTime(2026, 12, 1, 0, 0, i, DateTimeKind.Utc), 1m, 1m, 1m, TakerSide.Buy)),
    ];

    /// <summary>Up to <paramref name="count"/> events, or fewer when the subscription ends first (every event here is queued
    /// before it is read, so nothing waits; the limit only stops a broken hub from hanging the test).</summary>
    private static async Task<List<MarketEvent>> ReadAsync(MarketSubscription subscription, int count)
    {
        var events = new List<MarketEvent>();
        if (count == 0) return events;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var e in subscription.ReadAllAsync(limit.Token))
        {
            events.Add(e);
            if (events.Count == count) break;
        }
        return events;
    }
}
