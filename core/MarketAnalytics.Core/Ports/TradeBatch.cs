namespace MarketAnalytics.Core.Ports;

/// <summary>Trades read from the log, with the offset ranges they came from (one per partition read).</summary>
public sealed record TradeBatch(IReadOnlyList<Trade> Trades, IReadOnlyList<LogRange> Ranges)
{
    public static readonly TradeBatch Empty = new([], []);

    public bool IsEmpty => Ranges.Count == 0;
}
