using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Market;

/// <summary>The one in-process fan-out of market events (trades, candles, prices, book changes) to push subscribers, with a
/// bounded buffer of recent events for clients that reconnect.</summary>
/// <remarks>Trades come from <see cref="MarketAnalytics.Ingest.MarketRecorder"/> after the log took them (every source and the
/// internal exchange write through it), so a pushed trade is a recorded one. Duplicates the log dropped are not pushed: when the
/// log reports none the whole batch is new, when it reports only duplicates nothing is, and for a mixed batch (a reconnect replay
/// overlapping new trades) the hub leaves out the ids it pushed recently (the last <see cref="RecentIdsPerInstrument"/> per
/// instrument). Publishing never waits: each subscriber has a bounded queue and is dropped when it is full. Ids start at 1 per
/// process and increase by one per event.</remarks>
public sealed class MarketHub : IRecordingObserver
{
    /// <summary>Trade ids remembered per instrument to leave out the duplicates of a mixed batch.</summary>
    public const int RecentIdsPerInstrument = 4096;

    private readonly object _gate = new();
    private readonly MarketEvent?[] _ring;
    private readonly int _clientBuffer;
    private readonly MarketChanges _changes;
    private readonly Dictionary<InstrumentId, RecentTradeIds> _recent = [];
    private MarketSubscription[] _subscribers = [];
    private long _last;
    private long _dropped;

    public MarketHub(IOptions<MarketPushOptions> options, MarketChanges changes)
    {
        _ring = new MarketEvent?[options.Value.ReplayEvents];
        _clientBuffer = options.Value.ClientBufferEvents;
        _changes = changes;
    }

    /// <summary>The id of the newest event (0 before the first).</summary>
    public long LastEventId
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>Subscribers dropped for being too slow since the start.</summary>
    public long DroppedSubscribers => Interlocked.Read(ref _dropped);

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Starts a subscription to <paramref name="keys"/>; with <paramref name="afterEventId"/> it first gets the buffered events
    /// after that id, or <see cref="MarketSubscription.ResumeFailed"/> when some of them are no longer buffered.</summary>
    public MarketSubscription Subscribe(IReadOnlySet<MarketKey> keys, long? afterEventId)
    {
        var subscription = new MarketSubscription(this, keys, _clientBuffer);
        lock (_gate)
        {
            var oldest = Math.Max(1, _last - _ring.Length + 1);
            subscription.OldestAvailable = oldest;
            subscription.StartEventId = _last;
            if (afterEventId is { } after)
            {
                if (after < oldest - 1 || after > _last) subscription.ResumeFailed = true;
                else
                    for (var id = after + 1; id <= _last; id++)
                        if (!subscription.Offer(_ring[id % _ring.Length]!)) break;
            }
            if (subscription.DropReason is null) _subscribers = [.. _subscribers, subscription];
        }
        return subscription;
    }

    internal void Remove(MarketSubscription subscription)
    {
        lock (_gate) _subscribers = [.. _subscribers.Where(s => s != subscription)];
    }

    /// <summary>Numbers, buffers and fans out one event; never waits.</summary>
    public void Publish(string type, MarketKey key, object data)
    {
        lock (_gate) PublishLocked(type, key, data);
    }

    public void OnRecorded(IReadOnlyList<Trade> trades, AppendResult result, IReadOnlyList<Quote> quotes)
    {
        if (result.Appended > 0)
        {
            var mixed = result.Duplicates > 0;
            lock (_gate)
            {
                foreach (var trade in trades)
                {
                    if (!_recent.TryGetValue(trade.Instrument, out var recent)) _recent.Add(trade.Instrument, recent = new RecentTradeIds(RecentIdsPerInstrument));
                    if (!recent.Add(trade.TradeId) && mixed) continue;
                    PublishLocked("trade", new MarketKey(trade.Instrument, MarketChannels.Trades, null), new TradeMessage(
                        trade.Instrument.ToString(), trade.TradeId.ToString(), trade.Time, trade.Price, trade.BaseQuantity, trade.QuoteQuantity,
                        trade.Side.SnakeCaseName()));
                }
            }
        }
        _changes.MarkPrices(trades, quotes);
    }

    private void PublishLocked(string type, MarketKey key, object data)
    {
        var e = new MarketEvent(++_last, type, key, data);
        _ring[e.Id % _ring.Length] = e;
        var dropped = false;
        foreach (var subscriber in _subscribers) dropped |= !subscriber.Offer(e);
        if (!dropped) return;
        var live = _subscribers.Where(s => s.DropReason is null).ToArray();
        Interlocked.Add(ref _dropped, _subscribers.Length - live.Length);
        _subscribers = live;
    }
}
