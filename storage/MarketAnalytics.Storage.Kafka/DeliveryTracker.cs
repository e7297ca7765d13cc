using Confluent.Kafka;

namespace MarketAnalytics.Storage.Kafka;

/// <summary>Waits for the broker's acknowledgements of one append: one task per append, not per record.</summary>
/// <remarks>The count starts at one, a token the appender holds until it has produced every record (<see cref="Seal"/>), so
/// acknowledgements racing ahead of the produce loop can never complete the append early.</remarks>
internal sealed class DeliveryTracker
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending = 1;
    private int _failed;
    private string? _firstError;

    public DeliveryTracker() => OnReport = Report;

    /// <summary>The delivery handler to pass to every produce of this append.</summary>
    public Action<DeliveryReport<byte[], byte[]>> OnReport { get; }

    public Task Completion => _done.Task;

    public int Failed => Volatile.Read(ref _failed);

    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>Call before each produce; <see cref="Withdraw"/> when the produce threw and so will never be reported.</summary>
    public void Expect() => Interlocked.Increment(ref _pending);

    public void Withdraw() => Interlocked.Decrement(ref _pending);

    public void Seal() => Arrive();

    private void Report(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _failed);
            Interlocked.CompareExchange(ref _firstError, report.Error.ToString(), null);
        }
        Arrive();
    }

    private void Arrive()
    {
        if (Interlocked.Decrement(ref _pending) == 0) _done.TrySetResult();
    }
}
