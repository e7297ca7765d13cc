namespace MarketAnalytics.OrderBook.Engine;

/// <summary>One side of a book: price levels sorted so the best is last, where inserts and removals near the top cost nothing.</summary>
internal sealed class BookSide(bool bids)
{
    private PriceLevel[] _levels = new PriceLevel[64];
    private long[] _keys = new long[64];
    private readonly Stack<PriceLevel> _freeLevels = new();

    public readonly bool IsBids = bids;

    public int Count { get; private set; }

    public PriceLevel? Best => Count > 0 ? _levels[Count - 1] : null;

    /// <summary>The level <paramref name="depth"/> steps from the best (0 = best).</summary>
    public PriceLevel FromBest(int depth) => _levels[Count - 1 - depth];

    /// <summary>True when an order at <paramref name="price"/> on the other side would trade with this side's best level.</summary>
    public bool Crosses(long price)
    {
        var best = Best;
        return best is not null && (IsBids ? best.Price >= price : best.Price <= price);
    }

    public PriceLevel? Find(long price)
    {
        var index = FindKey(IsBids ? price : -price);
        return index >= 0 ? _levels[index] : null;
    }

    public PriceLevel GetOrAdd(long price, out bool added)
    {
        var key = IsBids ? price : -price;
        var index = FindKey(key);
        if (index >= 0)
        {
            added = false;
            return _levels[index];
        }
        index = ~index;
        if (Count == _levels.Length)
        {
            Array.Resize(ref _levels, Count * 2);
            Array.Resize(ref _keys, Count * 2);
        }
        Array.Copy(_levels, index, _levels, index + 1, Count - index);
        Array.Copy(_keys, index, _keys, index + 1, Count - index);
        // Levels empty and reappear all the time near the top of the book: reuse their objects instead of allocating.
        PriceLevel level;
        if (_freeLevels.TryPop(out var reused))
        {
            level = reused;
            level.Price = price;
            level.TouchStamp = 0;
        }
        else level = new PriceLevel(price);
        _levels[index] = level;
        _keys[index] = key;
        Count++;
        added = true;
        return level;
    }

    public void Remove(PriceLevel level)
    {
        var index = FindKey(IsBids ? level.Price : -level.Price);
        Count--;
        Array.Copy(_levels, index + 1, _levels, index, Count - index);
        Array.Copy(_keys, index + 1, _keys, index, Count - index);
        _levels[Count] = null!;
        _freeLevels.Push(level);
    }

    /// <summary>The index of <paramref name="key"/>, or the complement of where it would be inserted (as Array.BinarySearch).</summary>
    private int FindKey(long key)
    {
        var count = Count;
        if (count == 0) return ~0;
        // Activity concentrates at the top of the book, i.e. at the end of the array: look there first.
        var top = _keys[count - 1];
        if (top == key) return count - 1;
        if (top < key) return ~count;
        // Near the top a liquid book has a level at every tick, so the level k ticks away usually sits k places below the top.
        var distance = top - key;
        if (distance < count && _keys[count - 1 - distance] == key) return (int)(count - 1 - distance);
        // Branch-free halving (conditional moves): book prices are unpredictable, so compare branches would mostly mispredict.
        var sorted = _keys;
        var low = 0;
        var length = count - 1;
        while (length > 1)
        {
            var half = length >> 1;
            low = sorted[low + half] <= key ? low + half : low;
            length -= half;
        }
        if (sorted[low] == key) return low;
        return sorted[low] < key ? ~(low + 1) : ~low;
    }
}
