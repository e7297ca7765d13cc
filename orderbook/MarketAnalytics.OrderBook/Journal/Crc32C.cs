using System.Buffers.Binary;
using System.Numerics;

namespace MarketAnalytics.OrderBook.Journal;

/// <summary>CRC-32C (Castagnoli) with the CPU's CRC instructions where present; guards journal records and snapshots.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}
