namespace MarketAnalytics.OrderBook.Service;

/// <summary>A bounded ring of the most recent events, read by any number of subscribers, each at its own position.</summary>
/// <remarks>One writer (the sequencer) appends; readers copy out under a lock and wait on <see cref="Changed"/>, which completes at
/// the next append, so a slow reader never holds the writer up: it falls off the ring instead and gets
/// <see cref="EventsUnavailableException"/>.</remarks>
internal sealed class EventBuffer(int capacity)
{
    private readonly ExchangeEvent[] ring = new ExchangeEvent[capacity];
    private readonly Lock gate = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long first = 1;
    private long last;

    public long Last
    {
        get { lock (gate) return last; }
    }

    public Task Changed
    {
        get { lock (gate) return changed.Task; }
    }

    /// <summary>Continues numbering after <paramref name="sequence"/> (the last event before a loaded snapshot); older events are gone.</summary>
    public void StartAfter(long sequence)
    {
        lock (gate)
        {
            last = sequence;
            first = sequence + 1;
        }
    }

    public void Add(ExchangeEvent e)
    {
        lock (gate)
        {
            ring[e.Sequence % ring.Length] = e;
            last = e.Sequence;
        }
    }

    /// <summary>Wakes the readers; called once per batch rather than per event.</summary>
    public void Signal()
    {
        TaskCompletionSource previous;
        lock (gate)
        {
            previous = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    /// <summary>Copies up to <paramref name="max"/> events after <paramref name="after"/> into <paramref name="into"/>; returns the
    /// task to wait on when there were none.</summary>
    public Task Read(long after, List<ExchangeEvent> into, int max)
    {
        lock (gate)
        {
            var oldest = Math.Max(first, last - ring.Length + 1);
            if (after < oldest - 1) throw new EventsUnavailableException(after, oldest);
            for (var seq = after + 1; seq <= last && into.Count < max; seq++) into.Add(ring[seq % ring.Length]);
            return changed.Task;
        }
    }
}
