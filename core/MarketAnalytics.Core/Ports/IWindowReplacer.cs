namespace MarketAnalytics.Core.Ports;

/// <summary>Replaces stored windows chunk by chunk inside a store transaction opened by
/// <see cref="IAggregateStore.ReplaceWindowsAsync"/>.</summary>
public interface IWindowReplacer
{
    /// <summary>Replaces the stored candles of <paramref name="range"/> by <paramref name="candles"/> (all inside the range), and
    /// returns the candles that were stored there before. In a dry run nothing is written, but the answer is the same.</summary>
    Task<IReadOnlyList<Candle>> ReplaceAsync(WindowRange range, IReadOnlyList<Candle> candles, CancellationToken ct);
}
