namespace MarketAnalytics.OrderBook.Engine;

/// <summary>One side of a book: price levels sorted so the best is last, where inserts and removals near the top cost nothing.</summary>
internal sealed class BookSide(bool bids)
{
    private PriceLevel[] levels = new PriceLevel[64];
    private long[] keys = new long[64];

    public readonly bool IsBids = bids;

    public int Count { get; private set; }

    public PriceLevel? Best => Count > 0 ? levels[Count - 1] : null;

    /// <summary>The level <paramref name="depth"/> steps from the best (0 = best).</summary>
    public PriceLevel FromBest(int depth) => levels[Count - 1 - depth];

    /// <summary>True when an order at <paramref name="price"/> on the other side would trade with this side's best level.</summary>
    public bool Crosses(long price)
    {
        var best = Best;
        return best is not null && (IsBids ? best.Price >= price : best.Price <= price);
    }

    public PriceLevel? Find(long price)
    {
        var index = FindKey(IsBids ? price : -price);
        return index >= 0 ? levels[index] : null;
    }

    public PriceLevel GetOrAdd(long price, out bool added)
    {
        var key = IsBids ? price : -price;
        var index = FindKey(key);
        if (index >= 0)
        {
            added = false;
            return levels[index];
        }
        index = ~index;
        if (Count == levels.Length)
        {
            Array.Resize(ref levels, Count * 2);
            Array.Resize(ref keys, Count * 2);
        }
        Array.Copy(levels, index, levels, index + 1, Count - index);
        Array.Copy(keys, index, keys, index + 1, Count - index);
        var level = new PriceLevel(price);
        levels[index] = level;
        keys[index] = key;
        Count++;
        added = true;
        return level;
    }

    public void Remove(PriceLevel level)
    {
        var index = FindKey(IsBids ? level.Price : -level.Price);
        Count--;
        Array.Copy(levels, index + 1, levels, index, Count - index);
        Array.Copy(keys, index + 1, keys, index, Count - index);
        levels[Count] = null!;
    }

    private int FindKey(long key)
    {
        // Activity concentrates at the top of the book, i.e. at the end of the array: look there first.
        if (Count > 0 && keys[Count - 1] == key) return Count - 1;
        return Array.BinarySearch(keys, 0, Count, key);
    }
}
