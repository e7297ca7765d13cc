using System.Diagnostics.CodeAnalysis;

namespace MarketAnalytics.OrderBook.Engine;

/// <summary>The orders the engine still knows, by id: an open-addressing table that allocates nothing once grown.</summary>
/// <remarks>Ids are positive, so 0 marks a free slot. Ids are consecutive, and Fibonacci hashing spreads them evenly. Removal shifts
/// the following entries back instead of leaving tombstones, so probes stay short under the constant insert/remove churn of a book.</remarks>
internal sealed class OrderIndex
{
    private long[] keys;
    private Order?[] values;
    private int mask;
    private int shift;
    private int lastFound;

    public OrderIndex()
    {
        const int bits = 14;
        keys = new long[1 << bits];
        values = new Order?[1 << bits];
        mask = (1 << bits) - 1;
        shift = 64 - bits;
    }

    public int Count { get; private set; }

    public bool TryGetValue(long id, [MaybeNullWhen(false)] out Order order)
    {
        // 0 is the free-slot marker and negative ids never exist; callers pass ids straight from requests.
        if (id <= 0)
        {
            order = null;
            return false;
        }
        for (var i = Home(id); ; i = (i + 1) & mask)
        {
            var key = keys[i];
            if (key == id)
            {
                lastFound = i;
                order = values[i]!;
                return true;
            }
            if (key == 0)
            {
                order = null;
                return false;
            }
        }
    }

    /// <summary>Adds an order whose id is not in the table yet.</summary>
    public void Add(Order order)
    {
        if ((Count + 1) * 2 > keys.Length) Grow();
        Insert(order);
        Count++;
    }

    public void Remove(long id)
    {
        // An order is usually removed right after it was looked up (a cancel), so its slot is known.
        var hole = keys[lastFound] == id ? lastFound : Home(id);
        while (keys[hole] != id)
        {
            if (keys[hole] == 0) return;
            hole = (hole + 1) & mask;
        }
        // Backward shift: an entry after the hole moves into it when the hole lies between its home slot and where it sits.
        for (var j = (hole + 1) & mask; keys[j] != 0; j = (j + 1) & mask)
        {
            if (((j - Home(keys[j])) & mask) < ((j - hole) & mask)) continue;
            keys[hole] = keys[j];
            values[hole] = values[j];
            hole = j;
        }
        keys[hole] = 0;
        values[hole] = null;
        Count--;
    }

    /// <summary>Every order in the table, in no particular order; for queries, not the hot path.</summary>
    public IEnumerable<Order> Values()
    {
        for (var i = 0; i < keys.Length; i++)
            if (keys[i] != 0) yield return values[i]!;
    }

    private int Home(long id) => (int)(((ulong)id * 0x9E3779B97F4A7C15UL) >> shift);

    private void Insert(Order order)
    {
        var i = Home(order.Id);
        while (keys[i] != 0) i = (i + 1) & mask;
        keys[i] = order.Id;
        values[i] = order;
    }

    private void Grow()
    {
        var oldValues = values;
        keys = new long[keys.Length * 2];
        values = new Order?[keys.Length];
        mask = keys.Length - 1;
        shift--;
        foreach (var order in oldValues)
            if (order is not null) Insert(order);
    }
}
