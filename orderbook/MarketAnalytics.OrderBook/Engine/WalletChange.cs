namespace MarketAnalytics.OrderBook.Engine;

/// <summary>A wallet (user and asset) a command changed; its new balance is read after the command.</summary>
internal readonly record struct WalletChange(long UserId, int Asset);
