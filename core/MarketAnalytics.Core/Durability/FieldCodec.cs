using System.Buffers.Binary;
using System.Numerics;

namespace MarketAnalytics.Core.Durability;

/// <summary>Compact encodings of the fields the log formats' records are made of (embedded log and Kafka record values).</summary>
/// <remarks>Unsigned integers are LEB128 varints. Decimals are exact, scale included (1.50 stays 1.50), in one of two layouts,
/// each pinned by data already written: the embedded log's <see cref="WriteDecimal"/> (one byte of scale, bits 0–4, and sign,
/// bit 7; one byte of mantissa length n, 0–12; then the n low bytes of the 96-bit mantissa, little endian: 3–6 bytes for typical
/// prices and sizes) and the Kafka records' <see cref="WriteVarintDecimal"/> (one byte of scale and sign, then the mantissa's low
/// 64 and high 32 bits as two varints: 4–6 bytes).</remarks>
public static class FieldCodec
{
    /// <summary>The most bytes <see cref="WriteDecimal"/> may touch (it writes the full mantissa, then advances by n only).</summary>
    public const int DecimalScratch = 14;

    /// <summary>The most bytes a varint of a <see cref="ulong"/> takes.</summary>
    public const int MaxVarint = 10;

    /// <summary>The most bytes <see cref="WriteVarintDecimal"/> writes.</summary>
    public const int MaxVarintDecimal = 1 + MaxVarint + 5;

    public static int WriteDecimal(Span<byte> destination, decimal value)
    {
        var scratch = destination[..DecimalScratch];
        WriteSignificand(value, scratch.Slice(2, 12));
        var low = BinaryPrimitives.ReadUInt64LittleEndian(scratch.Slice(2, 8));
        var hi = BinaryPrimitives.ReadUInt32LittleEndian(scratch.Slice(10, 4));
        var length = hi != 0 ? 8 + (32 - BitOperations.LeadingZeroCount(hi) + 7) / 8 : (64 - BitOperations.LeadingZeroCount(low) + 7) / 8;
        scratch[0] = ScaleAndSign(value);
        scratch[1] = (byte)length;
        return 2 + length;
    }

    public static decimal ReadDecimal(ReadOnlySpan<byte> source, ref int position)
    {
        var header = source[position];
        var length = source[position + 1];
        var at = position + 2;
        position = at + length;
        ulong low;
        uint hi = 0;
        if (length <= 8 && at + 8 <= source.Length)
        {
            // Common case: one unaligned 8-byte read, masked to the mantissa's length (the bytes after it belong to later fields).
            low = BinaryPrimitives.ReadUInt64LittleEndian(source[at..]) & (length == 8 ? ulong.MaxValue : (1UL << (8 * length)) - 1);
        }
        else
        {
            low = 0;
            var mantissa = source.Slice(at, length);
            for (var i = 0; i < mantissa.Length; i++)
            {
                if (i < 8) low |= (ulong)mantissa[i] << (8 * i);
                else hi |= (uint)mantissa[i] << (8 * (i - 8));
            }
        }
        return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)hi, (header & 0x80) != 0, (byte)(header & 0x1F));
    }

    public static void SkipDecimal(ReadOnlySpan<byte> source, ref int position) => position += 2 + source[position + 1];

    /// <summary>Writes <paramref name="value"/> as a scale-and-sign byte and its mantissa as two varints; returns the bytes
    /// written.</summary>
    public static int WriteVarintDecimal(Span<byte> destination, decimal value)
    {
        Span<byte> significand = stackalloc byte[12];
        WriteSignificand(value, significand);
        destination[0] = ScaleAndSign(value);
        var written = 1 + WriteVarint(destination[1..], BinaryPrimitives.ReadUInt64LittleEndian(significand));
        return written + WriteVarint(destination[written..], BinaryPrimitives.ReadUInt32LittleEndian(significand[8..]));
    }

    public static decimal ReadVarintDecimal(ReadOnlySpan<byte> source, ref int position)
    {
        var header = source[position++];
        var low = ReadVarint(source, ref position);
        var high = ReadVarint(source, ref position);
        return new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)(uint)high, (header & 0x80) != 0, (byte)(header & 0x7F));
    }

    public static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    public static ulong ReadVarint(ReadOnlySpan<byte> source, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = source[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
            if (shift > 56) throw new InvalidDataException("A varint in a log record is longer than 10 bytes.");
        }
    }

    private static byte ScaleAndSign(decimal value) => (byte)(value.Scale | (decimal.IsNegative(value) ? 0x80 : 0));

    // The 96-bit mantissa as 12 little-endian bytes. Written straight into the record, where decimal.GetBits into a stack buffer
    // cost five times as long (a stack-protected frame and a stalled copy of the destination span): 8 % of an import's CPU.
    private static void WriteSignificand<T>(T value, Span<byte> destination) where T : IFloatingPoint<T> =>
        value.TryWriteSignificandLittleEndian(destination, out _);
}
