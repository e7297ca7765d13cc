namespace MarketAnalytics.Ingest.Sources;

/// <summary>A live source of trades and quotes (one exchange's feed) that records what it reads and reports its state.</summary>
public interface IMarketSource
{
    /// <summary>The source's name in health reports and metrics: the venue id (<c>bitmex</c>, …).</summary>
    string Name { get; }

    /// <summary>Its state now; cheap, safe from any thread.</summary>
    SourceStatus Status { get; }

    /// <summary>Reads until <paramref name="ct"/> is cancelled, then returns; connection failures never end it. Call it once.</summary>
    Task RunAsync(CancellationToken ct);
}
