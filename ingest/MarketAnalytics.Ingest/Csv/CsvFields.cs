namespace MarketAnalytics.Ingest.Csv;

/// <summary>Splits one CSV line of UTF-8 bytes into its fields.</summary>
/// <remarks>Market-data CSVs quote nothing that contains a comma, so a field is the text between commas, trimmed of spaces
/// and of one pair of surrounding double quotes.</remarks>
internal static class CsvFields
{
    /// <summary>Fills <paramref name="fields"/> with the ranges of the line's fields; the count, or -1 when there are more
    /// fields than room.</summary>
    public static int Split(ReadOnlySpan<byte> line, Span<Range> fields)
    {
        var count = 0;
        var start = 0;
        while (true)
        {
            if (count == fields.Length) return -1;
            var comma = line[start..].IndexOf((byte)',');
            var end = comma < 0 ? line.Length : start + comma;
            fields[count++] = Trim(line, start, end);
            if (comma < 0) return count;
            start = end + 1;
        }
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
