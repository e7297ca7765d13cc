namespace MarketAnalytics.Core.Prices;

/// <summary>What the price cache answered: the price (null when the instrument has none) and whether it comes from a
/// last-known copy because the cache's backend is unreachable.</summary>
public readonly record struct PriceReading(CurrentPrice? Price, bool IsStale);
