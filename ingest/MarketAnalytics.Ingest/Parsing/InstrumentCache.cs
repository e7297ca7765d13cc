using System.Text;
using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Parsing;

/// <summary>Instrument ids of one venue looked up by the UTF-8 bytes of their symbol, so a feed of a few symbols allocates
/// no string per record.</summary>
/// <remarks>Feeds carry a handful of symbols, so a linear scan beats hashing; past <see cref="Capacity"/> symbols new ones are
/// built on every lookup instead of growing without bound. Not thread-safe: each parser owns one.</remarks>
internal sealed class InstrumentCache(string venue)
{
    private const int Capacity = 64;
    private readonly List<(byte[] Symbol, InstrumentId Id)> _entries = [];

    public string Venue { get; } = venue;

    public bool TryGet(ReadOnlySpan<byte> symbol, out InstrumentId id)
    {
        foreach (var (bytes, cached) in _entries)
        {
            if (symbol.SequenceEqual(bytes))
            {
                id = cached;
                return true;
            }
        }
        var text = Encoding.UTF8.GetString(symbol);
        if (!InstrumentId.IsSymbol(text) || !InstrumentId.IsToken(Venue))
        {
            id = default;
            return false;
        }
        id = InstrumentId.Of(Venue, text);
        if (_entries.Count < Capacity) _entries.Add((symbol.ToArray(), id));
        return true;
    }
}
