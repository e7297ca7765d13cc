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
        var venue = Venue ?? defaultVenue;
        if (!InstrumentId.IsToken(venue))
            throw new ArgumentException($"{RecordedFileFormats.NameOf(Format)} needs a venue (--venue), got '{Venue}'", nameof(Venue));
        if (!InstrumentId.IsToken(Symbol))
            throw new ArgumentException($"{RecordedFileFormats.NameOf(Format)} needs a symbol (--symbol), got '{Symbol}'", nameof(Symbol));
        return InstrumentId.Of(venue, Symbol);
    }

    internal void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be at least 1, got {BatchSize}", nameof(BatchSize));
        if (MaxLineBytes < 1024) throw new ArgumentException($"MaxLineBytes must be at least 1024, got {MaxLineBytes}", nameof(MaxLineBytes));
        if (Venue is not null && !InstrumentId.IsToken(Venue)) throw new ArgumentException($"'{Venue}' is not a venue id", nameof(Venue));
    }
}
