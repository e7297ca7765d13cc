namespace MarketAnalytics.Core.Ports;

/// <summary>The port to the log's event topics (<see cref="EventTopic"/>): the internal exchange's order and wallet events.</summary>
/// <remarks>Appends are idempotent per partition: an event whose <see cref="LoggedEvent.Sequence"/> is not above the last one
/// its partition holds is dropped and counted as a duplicate, so an exchange that replays its journal after a crash can append
/// the regenerated events again. An append returns only once its events are durable.</remarks>
public interface IEventLog
{
    ValueTask<AppendResult> AppendEventsAsync(IReadOnlyList<LoggedEvent> events, CancellationToken ct);

    /// <summary>Every durable event of <paramref name="topic"/>, partition by partition, each in log order.</summary>
    IAsyncEnumerable<LoggedEvent> ReadEventsAsync(EventTopic topic, CancellationToken ct);
}
