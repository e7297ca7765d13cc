using System.Collections;

namespace MarketAnalytics.OrderBook.Engine;

/// <summary>What one command touched, readable until the next command begins and empties it.</summary>
/// <remarks>Emptying only resets the count: unlike <see cref="List{T}.Clear"/> it does not clear the references it held, which
/// point at pooled, long-lived objects anyway. The engine calls this once per command, so the saved clear is on the hot path.</remarks>
internal sealed class TouchedList<T> : IReadOnlyList<T>
{
    private T[] _items = new T[16];

    public int Count { get; private set; }

    public T this[int index] => (uint)index < (uint)Count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(T item)
    {
        if (Count == _items.Length) Array.Resize(ref _items, Count * 2);
        _items[Count++] = item;
    }

    public void Reset() => Count = 0;

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return _items[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
