namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>A run of consecutive records of one segment: where it starts and the range of exchange times in it.</summary>
/// <remarks>The sparse index is a list of these; a reader seeks to the block holding an offset and skips the records before it,
/// and a replay skips every block whose [<see cref="MinTicks"/>, <see cref="MaxTicks"/>] misses the window, which stays correct
/// however late a trade arrives.</remarks>
internal readonly record struct IndexBlock(long FirstOffset, long Position, int Count, long MinTicks, long MaxTicks)
{
    public long EndOffset => FirstOffset + Count;
}
