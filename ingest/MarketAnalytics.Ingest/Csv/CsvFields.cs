using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MarketAnalytics.Ingest.Csv;

/// <summary>Splits one CSV line of UTF-8 bytes into its fields.</summary>
/// <remarks>Market-data CSVs quote nothing that contains a comma, so a field is the text between commas, trimmed of spaces
/// and of one pair of surrounding double quotes. The commas are found 16 bytes at a time as a bit mask, walked lowest bit
/// first: a search call per field cost more than the search itself on fields of a few bytes.</remarks>
internal static class CsvFields
{
    private const int Block = 16;

    /// <summary>Fills <paramref name="fields"/> with the ranges of the line's fields; the count, or -1 when there are more
    /// fields than room.</summary>
    public static int Split(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        for (var block = 0; block < line.Length; block += Block)
        {
            for (var commas = Commas(line, block); commas != 0; commas &= commas - 1)
            {
                var comma = block + BitOperations.TrailingZeroCount(commas);
                if (count == fields.Length) return -1;
                fields[count++] = Trim(line, start, comma);
                start = comma + 1;
            }
        }
        if (count == fields.Length) return -1;
        fields[count++] = Trim(line, start, line.Length);
        return count;
    }

    // Bit i is set when line[block + i] is a comma, for the up to 16 bytes from block. The last block of a line of 16 bytes or
    // more is read as the line's last 16 bytes, shifted past the ones already looked at; a shorter line is read byte by byte.
    private static uint Commas(ReadOnlySpan<byte> line, int block)
    {
        var left = line.Length - block;
        ref var first = ref MemoryMarshal.GetReference(line);
        var comma = Vector128.Create((byte)',');
        if (left >= Block)
            return Vector128.Equals(Vector128.LoadUnsafe(ref first, (nuint)block), comma).ExtractMostSignificantBits();
        if (line.Length >= Block)
            return Vector128.Equals(Vector128.LoadUnsafe(ref first, (nuint)(line.Length - Block)), comma).ExtractMostSignificantBits() >> (Block - left);
        var mask = 0u;
        for (var i = 0; i < left; i++)
            if (line[block + i] == ',') mask |= 1u << i;
        return mask;
    }

    private static Range Trim(ReadOnlySpan<byte> line, int start, int end)
    {
        while (start < end && line[start] == ' ') start++;
        while (end > start && line[end - 1] == ' ') end--;
        if (end - start >= 2 && line[start] == '"' && line[end - 1] == '"')
        {
            start++;
            end--;
        }
        return start..end;
    }
}
