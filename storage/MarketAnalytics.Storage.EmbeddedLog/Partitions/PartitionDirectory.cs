using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>Maps an instrument to the name of its partition's directory and back.</summary>
/// <remarks><c>bitmex:XBTUSD</c> becomes <c>bitmex=XBTUSD</c>: a colon is not allowed in Windows file names, and <c>=</c> can appear
/// in neither a venue nor a symbol, so the mapping is reversible. A symbol's <c>/</c> (Kraken's <c>BTC/USD</c>) would be a path
/// separator, so it is written <c>%2F</c> (<c>kraken=BTC%2FUSD</c>); <c>%</c> appears in no symbol either.</remarks>
internal static class PartitionDirectory
{
    private const char Separator = '=';
    private const string EscapedSlash = "%2F";

    public static string NameOf(InstrumentId instrument) =>
        $"{instrument.Venue}{Separator}{instrument.Symbol.Replace("/", EscapedSlash, StringComparison.Ordinal)}";

    public static bool TryParse(string directoryName, out InstrumentId instrument) =>
        InstrumentId.TryParse(directoryName.Replace(Separator, ':').Replace(EscapedSlash, "/", StringComparison.Ordinal), out instrument)
        && NameOf(instrument) == directoryName;
}
