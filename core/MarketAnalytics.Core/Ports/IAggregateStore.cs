namespace MarketAnalytics.Core.Ports;

/// <summary>The port to the store of minute and hour aggregates and of the aggregation job's log offsets.</summary>
/// <remarks>Only 1m and 1h candles are stored; ranges are start-inclusive, end-exclusive, by window start, and results ascend by
/// window start (then instrument).</remarks>
public interface IAggregateStore : IAsyncDisposable
{
    /// <summary>The next offset per partition that <paramref name="consumer"/> committed.</summary>
    Task<IReadOnlyDictionary<string, long>> GetOffsetsAsync(string consumer, CancellationToken ct);

    /// <summary>Merges <paramref name="deltas"/> (aggregates of trades not yet counted) into the stored windows and advances
    /// <paramref name="consumer"/>'s offsets to each range's end, in one transaction.</summary>
    /// <returns>False, writing nothing, when some range does not start at the stored offset of its partition (another member of
    /// the group committed it first); a partition with no stored offset accepts any start.</returns>
    Task<bool> CommitAsync(string consumer, IReadOnlyCollection<Candle> deltas, IReadOnlyCollection<LogRange> ranges, CancellationToken ct);

    /// <summary>Runs <paramref name="body"/> in one transaction that keeps <paramref name="consumer"/>'s commits out while it runs:
    /// readers see the old windows or the new ones, never a mix, and nothing streaming counts is lost or counted twice.</summary>
    /// <param name="dryRun">When true, or when <paramref name="body"/> throws (cancellation included), the transaction is rolled
    /// back and the store is left as it was.</param>
    Task ReplaceWindowsAsync(string consumer, RerunBody body, bool dryRun, CancellationToken ct);

    /// <summary>One instrument's stored candles of <paramref name="interval"/> (1m or 1h) with window start in [from, to).</summary>
    Task<IReadOnlyList<Candle>> GetCandlesAsync(InstrumentId instrument, CandleInterval interval, DateTime from, DateTime to, CancellationToken ct);

    /// <summary>Every instrument's stored candles of <paramref name="interval"/> (1m or 1h) with window start in [from, to).</summary>
    Task<IReadOnlyList<Candle>> GetAllCandlesAsync(CandleInterval interval, DateTime from, DateTime to, CancellationToken ct);

    /// <summary>Every instrument that has at least one stored candle.</summary>
    Task<IReadOnlyList<InstrumentId>> GetInstrumentsAsync(CancellationToken ct);
}
