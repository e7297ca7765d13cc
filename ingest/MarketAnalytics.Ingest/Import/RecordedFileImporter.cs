using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Binance;
using MarketAnalytics.Ingest.Bitmex;
using MarketAnalytics.Ingest.Bybit;
using MarketAnalytics.Ingest.Coinbase;
using MarketAnalytics.Ingest.Csv;
using MarketAnalytics.Ingest.Kraken;
using MarketAnalytics.Ingest.Okx;
using MarketAnalytics.Ingest.Parsing;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Import;

/// <summary>Imports recorded market-data files (plain, gzip or zip) through the same <see cref="MarketRecorder"/> the live
/// readers use.</summary>
/// <remarks>Files are streamed with bounded memory and written in batches of <see cref="ImportOptions.BatchSize"/>. A broken
/// line is logged as <c>file:line: problem</c> and skipped whole; an unreadable file is logged and the import goes on with the
/// next, so malformed input never ends an import half-way. A failure of the log or price cache itself ends the import with an
/// <see cref="InvalidOperationException"/> wrapping it; batches recorded before it stay recorded.</remarks>
public sealed partial class RecordedFileImporter(MarketRecorder recorder, ILogger<RecordedFileImporter> logger, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <exception cref="ArgumentException">The options are invalid, e.g. <c>trades-csv</c> without a venue or symbol.</exception>
    public async Task<ImportStats> ImportAsync(IReadOnlyList<string> paths, ImportOptions options, CancellationToken ct)
    {
        options.Validate();
        var parser = CreateParser(options);
        var started = _time.GetTimestamp();
        var run = new ImportRun(parser, recorder, options, logger, _time, ct);
        foreach (var path in paths) await run.ImportFileAsync(path).ConfigureAwait(false);
        await run.CompleteAsync().ConfigureAwait(false);
        return new ImportStats(run.Files, run.Lines, run.Bytes, run.TradesRead, run.TradesImported, run.Duplicates, run.NonMarketTrades,
            run.Quotes, run.IgnoredFrames, run.SkippedLines, run.MalformedLines, run.UnreadableFiles, _time.GetElapsedTime(started));
    }

    private IRecordedLineParser CreateParser(ImportOptions options) => options.Format switch
    {
        RecordedFileFormat.BinanceWs => new BinanceFrameParser(options.Venue ?? Venues.Binance),
        RecordedFileFormat.BitmexWs => new BitmexFrameParser(),
        RecordedFileFormat.CoinbaseWs => new CoinbaseFrameParser(),
        RecordedFileFormat.KrakenWs => new KrakenFrameParser(),
        // A recording does not carry OKX's contract values: contract trades keep their contracts, and the user is told per instrument.
        RecordedFileFormat.OkxWs => new OkxFrameParser(onContractsWithoutValue: instrument => LogContractsWithoutValue(logger, instrument.ToString())),
        RecordedFileFormat.BybitWs => new BybitFrameParser(),
        RecordedFileFormat.TradesCsv => new TradesCsvParser(options.RequireInstrument()),
        RecordedFileFormat.BinanceTradesCsv => new BinanceTradesCsvParser(options.RequireInstrument(Venues.Binance)),
        RecordedFileFormat.BinanceAggTradesCsv => new BinanceAggTradesCsvParser(options.RequireInstrument(Venues.Binance)),
        RecordedFileFormat.BitmexTradesCsv => new BitmexTradesCsvParser(),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Format, "unknown format"),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Instrument}: trades are in contracts and the recording does not carry the contract value; they keep their contracts, and their base and quote volume are left out (0)")]
    private static partial void LogContractsWithoutValue(ILogger logger, string instrument);
}
