namespace MarketAnalytics.OrderBook.Service;

/// <summary>A bounded ring of the most recent events, read by any number of subscribers, each at its own position.</summary>
/// <remarks>One writer (the sequencer) appends; readers copy out under a lock and wait on <see cref="Changed"/>, which completes at
/// the next append, so a slow reader never holds the writer up: it falls off the ring instead and gets
/// <see cref="EventsUnavailableException"/>.</remarks>
internal sealed class EventBuffer(int capacity)
{
    private readonly ExchangeEvent[] _ring = new ExchangeEvent[capacity];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _first = 1;
    private long _last;

    public long Last
    {
        get { lock (_gate) return _last; }
    }

    public Task Changed
    {
        get { lock (_gate) return _changed.Task; }
    }

    /// <summary>Continues numbering after <paramref name="sequence"/> (the last event before a loaded snapshot); older events are gone.</summary>
    public void StartAfter(long sequence)
    {
        lock (_gate)
        {
            _last = sequence;
            _first = sequence + 1;
        }
    }

    public void Add(ExchangeEvent e)
    {
        lock (_gate)
        {
            _ring[e.Sequence % _ring.Length] = e;
            _last = e.Sequence;
        }
    }

    /// <summary>Wakes the readers; called once per batch rather than per event.</summary>
    public void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    /// <summary>Copies up to <paramref name="max"/> events after <paramref name="after"/> into <paramref name="into"/>; returns the
    /// task to wait on when there were none.</summary>
    public Task Read(long after, List<ExchangeEvent> into, int max)
    {
        lock (_gate)
        {
            var oldest = Math.Max(_first, _last - _ring.Length + 1);
            if (after < oldest - 1) throw new EventsUnavailableException(after, oldest);
            for (var seq = after + 1; seq <= _last && into.Count < max; seq++) into.Add(_ring[seq % _ring.Length]);
            return _changed.Task;
        }
    }
}
