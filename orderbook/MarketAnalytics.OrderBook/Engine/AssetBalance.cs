namespace MarketAnalytics.OrderBook.Engine;

/// <summary>One asset of a wallet: what is free to use and what open orders block.</summary>
public readonly record struct AssetBalance(string Asset, decimal Available, decimal Blocked);
