using MarketAnalytics.Core;

namespace MarketAnalytics.Storage.EmbeddedLog.Partitions;

/// <summary>Maps an instrument to the name of its partition's directory and back.</summary>
/// <remarks><c>bitmex:XBTUSD</c> becomes <c>bitmex=XBTUSD</c>: a colon is not allowed in Windows file names, and <c>=</c> can appear
/// in neither a venue nor a symbol, so the mapping is reversible.</remarks>
internal static class PartitionDirectory
{
    private const char Separator = '=';

    public static string NameOf(InstrumentId instrument) => $"{instrument.Venue}{Separator}{instrument.Symbol}";

    public static bool TryParse(string directoryName, out InstrumentId instrument) =>
        InstrumentId.TryParse(directoryName.Replace(Separator, ':'), out instrument) && NameOf(instrument) == directoryName;
}
