namespace MarketAnalytics.Core.Ports;

/// <summary>The log's topics for the internal exchange's events, apart from the trades and quotes topics.</summary>
public enum EventTopic
{
    /// <summary>Order updates and fills (topic <c>orders</c>), partitioned by market, e.g. <c>internal:BTC-USDT</c>.</summary>
    Orders,

    /// <summary>Wallet balance changes (topic <c>wallets</c>), partitioned by asset, e.g. <c>internal:USDT</c>.</summary>
    Wallets,
}
