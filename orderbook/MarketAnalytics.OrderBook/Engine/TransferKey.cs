namespace MarketAnalytics.OrderBook.Engine;

/// <summary>What a transfer reference is scoped to: one user's wallet in one asset.</summary>
internal readonly record struct TransferKey(long User, int Asset, string Reference);
