using MarketAnalytics.OrderBook.Engine;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>The answer to an admin credit or debit, with the user's balances after it (null for an unknown user).</summary>
public sealed record WalletResult(WalletOutcome Outcome, WalletBalances? Wallet);
