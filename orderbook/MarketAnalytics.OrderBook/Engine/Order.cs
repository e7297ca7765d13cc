namespace MarketAnalytics.OrderBook.Engine;

/// <summary>An order inside the engine, mutable and owned by the single writer; views of it leave as <see cref="OrderView"/>.</summary>
/// <remarks>Quantities are in lots, money in units. For an order sized by quantity <c>Filled + Remaining + Canceled = Original</c>;
/// a market buy sized by funds has <see cref="Original"/> 0 and spends at most <see cref="Funds"/>. <see cref="Hold"/> is what this
/// order still blocks in the user's wallet. Once the engine forgets a final order, this object is reused for a later order (from
/// the next command on), so nothing outside the engine may keep it beyond the command that touched it.</remarks>
internal sealed class Order
{
    public long Id;
    public UserAccount User = null!;
    public int Market;
    public OrderSide Side;
    public OrderType Type;
    public TimeInForce TimeInForce;
    public bool PostOnly;
    public SelfTradePrevention Stp;
    public string? ClientOrderId;
    public long Price;
    public long Original;
    public long Funds;
    public long Filled;
    public long Remaining;
    public long Canceled;
    public long FilledNotional;
    public long Fees;
    public long Hold;
    public long HoldPerLot;
    public OrderStatus Status;
    public string? Reason;
    public long CreatedAt;
    public long UpdatedAt;
    public long TouchStamp;

    public PriceLevel? Level;
    public Order? Previous;
    public Order? Next;

    public bool IsFinal => Status >= OrderStatus.Filled;

    public bool IsSizedByFunds => Type == OrderType.Market && Side == OrderSide.Buy;
}
