using MarketAnalytics.Core;

namespace MarketAnalytics.Ingest.Import;

/// <summary>What to import and how: the file format, and the venue and symbol where the format does not carry them.</summary>
public sealed record ImportOptions
{
    public required RecordedFileFormat Format { get; init; }

    /// <summary>The venue of the records: for the Binance formats <c>binance</c> (default) or <c>binanceusdm</c>; required for
    /// <c>trades-csv</c>; ignored where the format names it (BitMEX).</summary>
    public string? Venue { get; init; }

    /// <summary>The symbol of every record, for formats whose rows do not name it (<c>trades-csv</c>, the Binance archives).</summary>
    public string? Symbol { get; init; }

    /// <summary>Trades (or quotes) gathered before a batch goes to the recorder; bounds the importer's memory.</summary>
    public int BatchSize { get; init; } = 32 * 1024;

    /// <summary>The longest line read whole; a longer one is reported as malformed and skipped, so memory stays bounded.</summary>
    public int MaxLineBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>The instrument of formats that need one from the caller; throws <see cref="ArgumentException"/> naming the
    /// missing or invalid option.</summary>
    internal InstrumentId RequireInstrument(string? defaultVenue = null)
    {
        if (InstrumentProblem(defaultVenue) is { } problem) throw new ArgumentException(problem);
        return InstrumentId.Of(Venue ?? defaultVenue!, Symbol!);
    }

    /// <summary>Why these options cannot be imported (the option named as on the command line), or null when they can.</summary>
    public string? Problem()
    {
        if (BatchSize < 1) return $"BatchSize must be at least 1, got {BatchSize}";
        if (MaxLineBytes < 1024) return $"MaxLineBytes must be at least 1024, got {MaxLineBytes}";
        if (Venue is not null && !InstrumentId.IsToken(Venue)) return $"--venue '{Venue}' is not a venue id (letters, digits, '-', '_', '.')";
        if (Symbol is not null && !InstrumentId.IsSymbol(Symbol))
            return $"--symbol '{Symbol}' is not a symbol (1 to 64 letters, digits, '-', '_', '.', and '/' between them)";
        return Format switch
        {
            RecordedFileFormat.TradesCsv => InstrumentProblem(null),
            RecordedFileFormat.BinanceTradesCsv or RecordedFileFormat.BinanceAggTradesCsv => InstrumentProblem(Venues.Binance),
            _ => null,
        };
    }

    internal void Validate()
    {
        if (Problem() is { } problem) throw new ArgumentException(problem);
    }

    private string? InstrumentProblem(string? defaultVenue)
    {
        var venue = Venue ?? defaultVenue;
        if (!InstrumentId.IsToken(venue)) return $"{RecordedFileFormats.NameOf(Format)} needs a venue (--venue), got '{Venue}'";
        if (!InstrumentId.IsSymbol(Symbol)) return $"{RecordedFileFormats.NameOf(Format)} needs a symbol (--symbol), got '{Symbol}'";
        return null;
    }
}
