using System.Text;

namespace MarketAnalytics.Ingest.Csv;

/// <summary>Field values the exchanges' CSV archives share.</summary>
internal static class CsvValues
{
    /// <summary>Reads a boolean as Binance's archives write it (<c>True</c>/<c>False</c>, or lower case).</summary>
    public static bool TryParseBoolean(ReadOnlySpan<byte> text, out bool value)
    {
        value = Ascii.EqualsIgnoreCase(text, "true"u8);
        return value || Ascii.EqualsIgnoreCase(text, "false"u8);
    }

    /// <summary>True for a header line: its first field starts with a letter, where data rows start with a digit.</summary>
    public static bool IsHeader(ReadOnlySpan<byte> line) => !line.IsEmpty && char.IsAsciiLetter((char)line[0]);
}
