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

    /// <summary>Appends a default record to <paramref name="records"/> and returns it, to be assigned in place.</summary>
    /// <remarks>Assigning a new record to the returned slot writes its fields straight into the list's array. <c>Add</c> builds it
    /// on the stack first and then copies it, which for a 112-byte trade with references is a string-copy instruction and a
    /// write barrier per reference on every record. The value assigned should be built from locals only: if building it
    /// throws, the default record stays in the list.</remarks>
    public static ref T AddSlot<T>(List<T> records)
    {
        var count = records.Count;
        CollectionsMarshal.SetCount(records, count + 1);
        return ref CollectionsMarshal.AsSpan(records)[count];
    }
}
