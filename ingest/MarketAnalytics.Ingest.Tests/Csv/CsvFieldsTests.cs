using System.Text;
using MarketAnalytics.Ingest.Csv;

namespace MarketAnalytics.Ingest.Tests.Csv;

public sealed class CsvFieldsTests
{
    [Fact]
    public void Lines_of_every_length_split_as_text_between_commas_trimmed()
    {
        var random = new Random(7);
        const string alphabet = "0123456789.abc -\",";
        var fields = new Range[8];
        for (var length = 0; length <= 80; length++)
        {
            for (var sample = 0; sample < 200; sample++)
            {
                var text = new string([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);
                var line = Encoding.ASCII.GetBytes(text);

                var count = CsvFields.Split(line, fields);

                var expected = text.Split(',').Select(Trimmed).ToArray();
                if (expected.Length > fields.Length)
                {
                    Assert.Equal(-1, count);
                    continue;
                }
                Assert.Equal(expected, fields[..count].Select(r => Encoding.ASCII.GetString(line.AsSpan(r))));
            }
        }
    }

    [Fact]
    public void More_fields_than_room_is_minus_one()
    {
        Span<Range> fields = stackalloc Range[2];

        Assert.Equal(-1, CsvFields.Split("a,b,c"u8, fields));
        Assert.Equal(2, CsvFields.Split("a,b"u8, fields));
    }

    // The definition: spaces trimmed, then one pair of surrounding double quotes.
    private static string Trimmed(string field)
    {
        field = field.Trim(' ');
        return field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1] : field;
    }
}
