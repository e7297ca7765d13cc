using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>A user's balance in one asset after a command that changed it.</summary>
public sealed record WalletChangedEvent(long Sequence, DateTime Time, long User, AssetBalance Balance)
    : ExchangeEvent(Sequence, Time, User, null);
