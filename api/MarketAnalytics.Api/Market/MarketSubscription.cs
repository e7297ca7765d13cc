using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace MarketAnalytics.Api.Market;

/// <summary>One client's view of the <see cref="MarketHub"/>: the events of the keys it follows, in id order, through a bounded
/// queue.</summary>
/// <remarks>The hub never waits for a client: when the queue is full the subscription is dropped (<see cref="DropReason"/> says
/// why) and its reader ends, so the client can be told and disconnected. Dispose to leave the hub.</remarks>
public sealed class MarketSubscription : IDisposable
{
    private readonly MarketHub _hub;
    private readonly Channel<MarketEvent> _queue;
    private readonly int _capacity;
    private volatile IReadOnlySet<MarketKey> _keys;
    private volatile string? _dropReason;

    internal MarketSubscription(MarketHub hub, IReadOnlySet<MarketKey> keys, int capacity)
    {
        _hub = hub;
        _keys = keys;
        _capacity = capacity;
        _queue = Channel.CreateBounded<MarketEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
    }

    /// <summary>The keys followed now; replacing them takes effect with the next event published.</summary>
    public IReadOnlySet<MarketKey> Keys
    {
        get => _keys;
        set => _keys = value;
    }

    /// <summary>Set when the events after <c>Last-Event-ID</c> were no longer buffered: the client missed some and must reload.</summary>
    public bool ResumeFailed { get; internal set; }

    /// <summary>The id of the newest event when the subscription started: live events follow it.</summary>
    public long StartEventId { get; internal set; }

    /// <summary>The oldest event id still buffered when the subscription started.</summary>
    public long OldestAvailable { get; internal set; }

    /// <summary>Why the hub dropped this subscription (it fell too far behind); null while it is live.</summary>
    public string? DropReason => _dropReason;

    /// <summary>The events, until the subscription is dropped (what was still queued is dropped with it) or <paramref name="ct"/>
    /// fires.</summary>
    public async IAsyncEnumerable<MarketEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        while (await _queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (_dropReason is null && _queue.Reader.TryRead(out var e)) yield return e;
            if (_dropReason is not null) yield break;
        }
    }

    /// <summary>Queues <paramref name="e"/> when it is followed; false when the queue was full and the subscription is dropped.
    /// Called by the hub under its lock (buffered events first, when resuming), so events arrive in id order.</summary>
    internal bool Offer(MarketEvent e)
    {
        if (!_keys.Contains(e.Key)) return true;
        if (_queue.Writer.TryWrite(e)) return true;
        _dropReason = $"slow client: {_capacity} events were waiting unread, so the queue was dropped; reconnect (with Last-Event-ID to resume)";
        _queue.Writer.TryComplete();
        return false;
    }

    public void Dispose()
    {
        _hub.Remove(this);
        _queue.Writer.TryComplete();
    }
}
