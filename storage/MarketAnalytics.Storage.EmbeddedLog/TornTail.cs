namespace MarketAnalytics.Storage.EmbeddedLog;

/// <summary>Bytes that opening the log cut from a partition because they were not whole, valid records (a write torn by a crash).</summary>
/// <remarks><see cref="Position"/> is where the cut starts in <see cref="SegmentPath"/> (0 for a whole segment removed) and
/// <see cref="BytesCut"/> how many bytes went. Only records never acknowledged to a producer are ever cut.</remarks>
public sealed record TornTail(string Stream, string Partition, string SegmentPath, long Position, long BytesCut, string Reason);
