using System.Buffers.Binary;
using System.Numerics;

namespace MarketAnalytics.Storage.EmbeddedLog.Format;

/// <summary>CRC-32C (Castagnoli), the checksum of every record frame.</summary>
/// <remarks><see cref="BitOperations.Crc32C(uint, ulong)"/> uses the CPU's CRC instruction (SSE4.2, ARMv8) where there is one.</remarks>
internal static class Crc32C
{
    /// <summary>The CRC-32C of <paramref name="first"/> followed by <paramref name="second"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) => ~Update(Update(uint.MaxValue, first), second);

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }
}
