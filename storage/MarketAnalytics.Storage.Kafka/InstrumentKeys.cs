using System.Text;
using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.Kafka;

/// <summary>Turns record keys (<c>venue:SYMBOL</c> in UTF-8) back into instrument ids, parsing each distinct key once.</summary>
internal sealed class InstrumentKeys
{
    private readonly Dictionary<string, InstrumentId> _parsed = new(StringComparer.Ordinal);

    public InstrumentId Decode(byte[]? key)
    {
        if (key is null) throw new InvalidDataException("A log record has no key; its instrument is unknown.");
        var text = Encoding.UTF8.GetString(key);
        if (!_parsed.TryGetValue(text, out var instrument)) _parsed.Add(text, instrument = InstrumentId.Parse(text));
        return instrument;
    }
}
