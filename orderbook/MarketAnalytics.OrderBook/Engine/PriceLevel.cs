namespace MarketAnalytics.OrderBook.Engine;

/// <summary>The resting orders at one price, first in first out, with their total quantity.</summary>
internal sealed class PriceLevel(long price)
{
    /// <summary>The level's price in ticks; set again only when its side reuses an emptied level object.</summary>
    public long Price = price;
    public long TotalLots;
    public int Count;
    public Order? Head;
    public Order? Tail;
    public long TouchStamp;

    public void Append(Order order)
    {
        order.Level = this;
        order.Previous = Tail;
        order.Next = null;
        if (Tail is null) Head = order;
        else Tail.Next = order;
        Tail = order;
        TotalLots += order.Remaining;
        Count++;
    }

    public void Remove(Order order)
    {
        if (order.Previous is null) Head = order.Next;
        else order.Previous.Next = order.Next;
        if (order.Next is null) Tail = order.Previous;
        else order.Next.Previous = order.Previous;
        TotalLots -= order.Remaining;
        Count--;
        order.Level = null;
        order.Previous = null;
        order.Next = null;
    }
}
