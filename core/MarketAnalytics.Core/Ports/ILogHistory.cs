namespace MarketAnalytics.Core.Ports;

/// <summary>The port to the log's history: replay by exchange time for reruns, and retention.</summary>
/// <remarks>Implemented by the same log as <see cref="IMarketLog"/>; kept apart because the streaming path needs neither.</remarks>
public interface ILogHistory
{
    /// <summary>Every logged trade whose exchange time is in [<paramref name="from"/>, <paramref name="to"/>), optionally only of the
    /// given instruments, in log order per partition.</summary>
    /// <param name="before">When given, only records at offsets below these (per partition name); a partition it does not name
    /// contributes nothing. A rerun passes the streaming job's committed offsets, so it counts exactly what streaming counted.</param>
    IAsyncEnumerable<Trade> ReplayTradesAsync(
        DateTime from, DateTime to, IReadOnlyCollection<InstrumentId>? instruments, IReadOnlyDictionary<string, long>? before, CancellationToken ct);

    /// <summary>Drops raw records whose exchange time is before <paramref name="cutoff"/> where the log can (whole segments in the
    /// embedded log); returns how many storage units (segments) it dropped. Aggregates are not affected.</summary>
    Task<int> DeleteBeforeAsync(DateTime cutoff, CancellationToken ct);

    /// <summary>The exchange time before which retention may have dropped records, or null when the log still holds everything it
    /// was given. A rerun of a range before it would be incomplete and is refused.</summary>
    ValueTask<DateTime?> GetRetentionHorizonAsync(CancellationToken ct);
}
