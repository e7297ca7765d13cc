using System.Runtime.InteropServices;

namespace MarketAnalytics.Core;

/// <summary>Reading a batch of records in place.</summary>
public static class Batch
{
    /// <summary>The records of <paramref name="records"/> as a span: in place for a list or an array, which every batch of the
    /// ingest path is, so a loop over large record structs neither calls an indexer nor copies each record; other lists are
    /// copied once.</summary>
    public static ReadOnlySpan<T> AsSpan<T>(IReadOnlyList<T> records) => records switch
    {
        List<T> list => CollectionsMarshal.AsSpan(list),
        T[] array => array,
        _ => records.ToArray(),
    };
}
