using System.Buffers.Binary;
using System.Numerics;

namespace MarketAnalytics.Core.Durability;

/// <summary>CRC-32C (Castagnoli), the checksum of the embedded log's record frames and the exchange journal's records and
/// snapshots.</summary>
/// <remarks><see cref="BitOperations.Crc32C(uint, ulong)"/> uses the CPU's CRC instruction (SSE4.2, ARMv8) where there is one.
/// Standard initial value and final inversion, so <c>Compute("123456789"u8)</c> is <c>0xE3069283</c>.</remarks>
public static class Crc32C
{
    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(uint.MaxValue, data);

    /// <summary>The CRC-32C of <paramref name="first"/> followed by <paramref name="second"/>, without copying them together.</summary>
    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) => ~Update(Update(uint.MaxValue, first), second);

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        // The tail in at most three steps rather than up to seven byte steps: each is a dependent 3-cycle instruction, and a
        // record's frame is a few dozen bytes.
        if (data.Length >= 4)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data[4..];
        }
        if (data.Length >= 2)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt16LittleEndian(data));
            data = data[2..];
        }
        if (data.Length == 1) crc = BitOperations.Crc32C(crc, data[0]);
        return crc;
    }
}
