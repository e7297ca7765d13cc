namespace MarketAnalytics.LoadTest;

/// <summary>What one trader's connection saw in the measured window (requests sent after the warm-up and before the end).</summary>
internal sealed class TraderOutcome
{
    /// <summary>Each measured request's latency in <see cref="System.Diagnostics.Stopwatch"/> ticks, from handing it to the socket
    /// to having read its whole answer.</summary>
    public readonly List<long> Latencies = new(1 << 16);

    public long Placed;
    public long Canceled;
    public long CancelTooLate;
    public long Trades;
    public long Rejected;
    public long Errors;
    public string? FirstError;

    /// <summary>When the last measured answer arrived (<see cref="System.Diagnostics.Stopwatch"/> timestamp), 0 when none did.</summary>
    public long LastAnswer;

    public void Error(string message)
    {
        Errors++;
        FirstError ??= message;
    }
}
