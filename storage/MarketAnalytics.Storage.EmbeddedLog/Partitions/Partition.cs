using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>One instrument's records in one stream: its segments, its trade ids and the view readers may see.</summary>
/// <remarks>The writer side (<see cref="Active"/>, <see cref="EndOffset"/>, <see cref="TradeIds"/>, the segment list) is touched only
/// under the log's write lock; readers only read <see cref="Durable"/>, which the group commit replaces after each fsync.</remarks>
internal sealed class Partition
{
    private readonly List<Segment> _segments;
    private Segment[] _segmentArray;
    private PartitionView _durable;

    public Partition(InstrumentId instrument, string directory, TradeIdSet? tradeIds, List<Segment> segments, long endOffset)
    {
        Instrument = instrument;
        Name = instrument.ToString();
        Directory = directory;
        TradeIds = tradeIds;
        _segments = segments;
        _segmentArray = [.. segments];
        EndOffset = endOffset;
        _durable = Written();
    }

    /// <summary>The partition name: the instrument id, e.g. <c>bitmex:XBTUSD</c>.</summary>
    public string Name { get; }

    /// <summary>The instrument every decoded record of this partition shares (so decoding allocates no instrument strings).</summary>
    public InstrumentId Instrument { get; }

    public string Directory { get; }

    /// <summary>The ids of the trades in the partition; null for streams that are not deduplicated.</summary>
    public TradeIdSet? TradeIds { get; }

    /// <summary>The newest trade written to the partition (exchange time, then id); null before the first or for quotes.</summary>
    public TradeCursor? NewestTrade { get; private set; }

    public Segment Active => _segments[^1];

    /// <summary>The offset the next written record gets.</summary>
    public long EndOffset { get; set; }

    public IReadOnlyList<Segment> Segments => _segments;

    public PartitionView Durable
    {
        get => Volatile.Read(ref _durable);
        set => Volatile.Write(ref _durable, value);
    }

    /// <summary>The view of everything written, durable or not.</summary>
    public PartitionView Written() => new(_segmentArray, EndOffset, Active.Length);

    /// <summary>Keeps <see cref="NewestTrade"/> up to date with a trade just written or recovered.</summary>
    public void NoteTrade(TradeCursor trade) => NewestTrade = TradeCursor.Latest(NewestTrade, trade);

    public void AddSegment(Segment segment)
    {
        _segments.Add(segment);
        _segmentArray = [.. _segments];
    }

    /// <summary>Drops the first <paramref name="count"/> segments from the list (the caller deletes their files).</summary>
    public void RemoveFirstSegments(int count)
    {
        _segments.RemoveRange(0, count);
        _segmentArray = [.. _segments];
    }
}
