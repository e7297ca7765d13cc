using System.Diagnostics.CodeAnalysis;

namespace MarketAnalytics.OrderBook.Engine;

/// <summary>The orders the engine still knows, by id: an open-addressing table that allocates nothing once grown.</summary>
/// <remarks>Ids are positive, so 0 marks a free slot. Ids are consecutive, and Fibonacci hashing spreads them evenly. Removal shifts
/// the following entries back instead of leaving tombstones, so probes stay short under the constant insert/remove churn of a book.</remarks>
internal sealed class OrderIndex
{
    private long[] _keys;
    private Order?[] _values;
    private int _mask;
    private int _shift;
    private int _lastFound;

    public OrderIndex()
    {
        const int bits = 14;
        _keys = new long[1 << bits];
        _values = new Order?[1 << bits];
        _mask = (1 << bits) - 1;
        _shift = 64 - bits;
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
        for (var i = Home(id); ; i = (i + 1) & _mask)
        {
            var key = _keys[i];
            if (key == id)
            {
                _lastFound = i;
                order = _values[i]!;
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
        if ((Count + 1) * 2 > _keys.Length) Grow();
        Insert(order);
        Count++;
    }

    public void Remove(long id)
    {
        // An order is usually removed right after it was looked up (a cancel), so its slot is known.
        var hole = _keys[_lastFound] == id ? _lastFound : Home(id);
        while (_keys[hole] != id)
        {
            if (_keys[hole] == 0) return;
            hole = (hole + 1) & _mask;
        }
        // Backward shift: an entry after the hole moves into it when the hole lies between its home slot and where it sits.
        for (var j = (hole + 1) & _mask; _keys[j] != 0; j = (j + 1) & _mask)
        {
            if (((j - Home(_keys[j])) & _mask) < ((j - hole) & _mask)) continue;
            _keys[hole] = _keys[j];
            _values[hole] = _values[j];
            hole = j;
        }
        _keys[hole] = 0;
        _values[hole] = null;
        Count--;
    }

    /// <summary>Every order in the table, in no particular order; for queries, not the hot path.</summary>
    public IEnumerable<Order> Values()
    {
        for (var i = 0; i < _keys.Length; i++)
            if (_keys[i] != 0) yield return _values[i]!;
    }

    private int Home(long id) => (int)(((ulong)id * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Insert(Order order)
    {
        var i = Home(order.Id);
        while (_keys[i] != 0) i = (i + 1) & _mask;
        _keys[i] = order.Id;
        _values[i] = order;
    }

    private void Grow()
    {
        var oldValues = _values;
        _keys = new long[_keys.Length * 2];
        _values = new Order?[_keys.Length];
        _mask = _keys.Length - 1;
        _shift--;
        foreach (var order in oldValues)
            if (order is not null) Insert(order);
    }
}
