using System.Buffers.Binary;
using MarketAnalytics.Core.Durability;

namespace MarketAnalytics.Storage.EmbeddedLog.Format;

/// <summary>The envelope of one record: payload length, CRC-32C, payload.</summary>
/// <remarks>Layout: u32 payload length (little endian), u32 CRC-32C of the length bytes and the payload, then the payload. A zero
/// length is invalid, so the zero-filled tail a file system may leave after a crash reads as corrupt, never as records.</remarks>
internal static class RecordFrame
{
    public const int HeaderSize = 8;

    /// <summary>The largest payload a frame may carry; anything longer in a length field is corruption.</summary>
    public const int MaxPayload = 64 * 1024;

    /// <summary>Writes the header of the frame whose payload (already written) follows it in <paramref name="frame"/>.</summary>
    public static void Seal(Span<byte> frame)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)(frame.Length - HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Checksum(frame));
    }

    /// <summary>Checks the frame at the start of <paramref name="data"/>; on <see cref="FrameStatus.Complete"/>, its total size.</summary>
    public static FrameStatus Check(ReadOnlySpan<byte> data, out int frameSize)
    {
        frameSize = 0;
        if (data.Length < HeaderSize) return FrameStatus.Incomplete;
        var length = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (length is 0 or > MaxPayload) return FrameStatus.Corrupt;
        var size = HeaderSize + (int)length;
        if (data.Length < size) return FrameStatus.Incomplete;
        if (BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) != Checksum(data[..size])) return FrameStatus.Corrupt;
        frameSize = size;
        return FrameStatus.Complete;
    }

    // The length is covered too, so a flipped length bit cannot pass as a shorter valid record.
    private static uint Checksum(ReadOnlySpan<byte> frame) => Crc32C.Compute(frame[..4], frame[HeaderSize..]);
}
