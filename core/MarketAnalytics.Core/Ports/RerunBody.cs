namespace MarketAnalytics.Core.Ports;

/// <summary>The work of a rerun inside the store's transaction: recompute windows from the log, counting only records below the
/// streaming job's committed <paramref name="offsets"/>, and hand each chunk to <paramref name="replacer"/>.</summary>
public delegate Task RerunBody(IReadOnlyDictionary<string, long> offsets, IWindowReplacer replacer, CancellationToken ct);
