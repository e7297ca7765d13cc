namespace MarketAnalytics.OrderBook.Engine;

/// <summary>A user's wallets (available and blocked units per asset), recent final orders and client order ids in use.</summary>
internal sealed class UserAccount(long id, string apiKeyHash, int assets)
{
    public readonly long Id = id;
    public readonly string ApiKeyHash = apiKeyHash;
    public readonly long[] Available = new long[assets];
    public readonly long[] Blocked = new long[assets];
    public readonly long[] TouchStamp = new long[assets];
    public readonly Queue<Order> Closed = new();
    public readonly Dictionary<string, long> ClientOrderIds = new(StringComparer.Ordinal);
}
