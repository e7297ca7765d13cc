using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>A user's balances in every asset of the exchange.</summary>
public sealed record WalletBalances(long UserId, IReadOnlyList<AssetBalance> Balances);
