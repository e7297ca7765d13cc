namespace MarketAnalytics.Ingest.Import;

/// <summary>The command-line names of the <see cref="RecordedFileFormat"/>s (<c>binance-ws</c>, <c>bitmex-ws</c>, …).</summary>
public static class RecordedFileFormats
{
    private static readonly (string Name, RecordedFileFormat Format)[] Known =
    [
        ("binance-ws", RecordedFileFormat.BinanceWs),
        ("bitmex-ws", RecordedFileFormat.BitmexWs),
        ("coinbase-ws", RecordedFileFormat.CoinbaseWs),
        ("kraken-ws", RecordedFileFormat.KrakenWs),
        ("okx-ws", RecordedFileFormat.OkxWs),
        ("bybit-ws", RecordedFileFormat.BybitWs),
        ("trades-csv", RecordedFileFormat.TradesCsv),
        ("binance-trades-csv", RecordedFileFormat.BinanceTradesCsv),
        ("binance-aggtrades-csv", RecordedFileFormat.BinanceAggTradesCsv),
        ("bitmex-trades-csv", RecordedFileFormat.BitmexTradesCsv),
    ];

    /// <summary>Every name, in the order to list them in help text.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.ConvertAll(Known, known => known.Name);

    /// <summary>Finds a format by its name, ignoring case.</summary>
    public static bool TryParse(string? name, out RecordedFileFormat format)
    {
        foreach (var known in Known)
        {
            if (string.Equals(known.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                format = known.Format;
                return true;
            }
        }
        format = default;
        return false;
    }

    public static string NameOf(RecordedFileFormat format) => Array.Find(Known, known => known.Format == format).Name;
}
