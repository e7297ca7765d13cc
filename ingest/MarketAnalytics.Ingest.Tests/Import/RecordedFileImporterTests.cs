using System.IO.Compression;
using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Ingest.Import;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Ingest.Tests.Import;

public sealed class RecordedFileImporterTests : IAsyncLifetime
{
    private static readonly InstrumentId Kraken = InstrumentId.Of(Venues.Kraken, "XBTUSDT");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ingest-import-" + Guid.NewGuid().ToString("N"));
    private readonly TemporaryLog _log = new();
    private readonly CollectingLogger<RecordedFileImporter> _logger = new();

    private static ImportOptions Csv => new() { Format = RecordedFileFormat.TradesCsv, Venue = "kraken", Symbol = "XBTUSDT" };

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string WriteGzip(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
        return path;
    }

    private Task<ImportStats> ImportAsync(ImportOptions options, params string[] paths) =>
        new RecordedFileImporter(_log.Recorder, _logger).ImportAsync(paths, options, CancellationToken.None);

    private static string CsvRows(int from, int count) =>
        string.Concat(Enumerable.Range(from, count).Select(i => $"{i},{1626993370 + i},{100 + i}.5,0.25,{(i % 2 == 0 ? "buy" : "sell")}\n"));

    [SharedDataFact]
    public async Task Binance_recordings_import_every_trade_once_and_importing_them_again_adds_nothing()
    {
        var files = new[] { SharedData.Path("binance-usdm-btcusdt/2023-04-04T2358.frames.gz"), SharedData.Path("binance-usdm-btcusdt/2023-04-05T0000.frames.gz") };
        var options = new ImportOptions { Format = RecordedFileFormat.BinanceWs, Venue = Venues.BinanceUsdm };

        var first = await ImportAsync(options, files);
        var again = await ImportAsync(options, files);

        // Counted with zcat | grep: 2197 + 10738 trade frames, 6765 + 37440 bookTicker, the rest depth, markPrice and one snapshot.
        Assert.Equal(2, first.Files);
        Assert.Equal(13384 + 60381, first.Lines);
        Assert.Equal(4020455 + 17062685, first.Bytes);
        Assert.Equal(2197 + 10738, first.TradesRead);
        Assert.Equal(first.TradesRead, first.TradesImported);
        Assert.Equal(0, first.Duplicates);
        Assert.Equal(1, first.NonMarketTrades);
        Assert.Equal(6765 + 37440, first.Quotes);
        Assert.Equal(4322 + 99 + 1 + 11788 + 415, first.IgnoredFrames);
        Assert.Equal((0, 0L, 0L), (first.UnreadableFiles, first.SkippedLines, first.MalformedLines));
        Assert.Equal((0L, first.TradesRead), (again.TradesImported, again.Duplicates));
        Assert.Equal(first.TradesRead, (await _log.ReadTradesAsync()).Count);
    }

    [SharedDataFact]
    public async Task Bitmex_recording_imports_its_trades_and_skips_the_connection_notes()
    {
        var stats = await ImportAsync(new ImportOptions { Format = RecordedFileFormat.BitmexWs }, SharedData.Path("bitmex/2021-07-22T2236.ws-recording.txt"));

        var trades = await _log.ReadTradesAsync();
        Assert.Equal(2124, stats.Lines);
        Assert.Equal(4, stats.SkippedLines);
        Assert.Equal(0, stats.MalformedLines);
        Assert.Equal(trades.Count, stats.TradesImported);
        Assert.Equal(stats.TradesRead, stats.TradesImported);
        Assert.True(stats.Quotes >= 93);
        Assert.Contains(trades, t => t.TradeId == "6e70bebe-235e-08a6-d11b-e1042bf1f2ed" && t.Contracts == 100m && t.BaseQuantity == 0.00310747m);
    }

    [Fact]
    public async Task Malformed_lines_are_reported_with_file_and_line_and_skipped_whole()
    {
        var path = WriteFile("trades.csv", "trade_id,timestamp,price,size,side\r\n1,1626993370,100,1,buy\r\n2,not-a-time,100,1,buy\r\n3,1626993371,101,1,sell\r\n");

        var stats = await ImportAsync(Csv, path);

        Assert.Equal(["1", "3"], (await _log.ReadTradesAsync()).Select(t => t.TradeId.ToString()));
        Assert.Equal((4L, 1L, 1L, 2L), (stats.Lines, stats.MalformedLines, stats.IgnoredFrames, stats.TradesImported));
        Assert.Contains($"{path}:3: timestamp 'not-a-time' is not valid; line skipped", _logger.Messages);
    }

    [Fact]
    public async Task Trade_times_outside_the_valid_range_are_reported_with_file_and_line_and_skipped()
    {
        var path = WriteFile("times.csv",
            "1,1626993370,100,1,buy\n2,9999-12-31T23:59:59Z,50000,0.1,buy\n3,0001-01-01T00:00:00Z,100,1,buy\n4,2009-01-02T23:59:59Z,100,1,sell\n5,1626993371,101,1,sell\n");

        var stats = await ImportAsync(Csv, path);

        Assert.Equal(["1", "5"], (await _log.ReadTradesAsync()).Select(t => t.TradeId.ToString()));
        Assert.Equal((3L, 2L), (stats.MalformedLines, stats.TradesImported));
        Assert.Contains(_logger.Messages, m => m.StartsWith($"{path}:2: trade time 9999-12-31T23:59:59Z is outside the valid range 2009-01-03T00:00:00Z to "));
        Assert.Contains(_logger.Messages, m => m.StartsWith($"{path}:3: trade time 0001-01-01T00:00:00Z is outside the valid range"));
        Assert.Contains(_logger.Messages, m => m.StartsWith($"{path}:4: trade time 2009-01-02T23:59:59Z is outside the valid range"));
        var price = (await _log.Prices.GetAsync(Kraken, CancellationToken.None)).Price!;
        Assert.Equal((100m, 101m), (price.BuyPrice, price.SellPrice));
    }

    [Fact]
    public async Task Amounts_decimal_cannot_hold_exactly_are_reported_and_skipped_never_rounded()
    {
        var path = WriteFile("digits.csv",
            "1,1626993370,100.000000000000000000000000000001,1,buy\n2,1626993370,100,0.010000000000000000000000000001,buy\n" +
            "3,1626993370,0.000000000000001,0.00000000000001,buy\n4,1626993370,79228162514264337593543950335,2,buy\n5,1626993371,101.25,0.5,sell\n");

        var stats = await ImportAsync(Csv, path);

        var trade = Assert.Single(await _log.ReadTradesAsync());
        Assert.Equal(("5", 50.625m), (trade.TradeId, trade.QuoteQuantity));
        Assert.Equal(4L, stats.MalformedLines);
        Assert.Contains($"{path}:1: price '100.000000000000000000000000000001' cannot be held exactly as a decimal (at most 28 decimals and 28 significant digits); it is not rounded; line skipped", _logger.Messages);
        Assert.Contains($"{path}:2: size '0.010000000000000000000000000001' cannot be held exactly as a decimal (at most 28 decimals and 28 significant digits); it is not rounded; line skipped", _logger.Messages);
        Assert.Contains($"{path}:3: price·size cannot be held exactly as a decimal; it is not rounded; line skipped", _logger.Messages);
        Assert.Contains($"{path}:4: price·size cannot be held exactly as a decimal; it is not rounded; line skipped", _logger.Messages);
    }

    [Fact]
    public async Task Gzip_is_recognised_by_its_magic_bytes_not_by_the_extension()
    {
        var zipped = WriteGzip("looks-plain.csv", CsvRows(1, 10));
        var plain = WriteFile("looks-zipped.gz", CsvRows(11, 10));

        var stats = await ImportAsync(Csv, zipped, plain);

        Assert.Equal((20L, 0L, 0), (stats.TradesImported, stats.MalformedLines, stats.UnreadableFiles));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString()), (await _log.ReadTradesAsync()).Select(t => t.TradeId.ToString()));
    }

    [Fact]
    public async Task Trades_go_to_the_log_in_batches_no_larger_than_the_batch_size()
    {
        var batches = new BatchSizes(_log.Log);
        var importer = new RecordedFileImporter(new MarketRecorder(batches, _log.Prices, TimeProvider.System), _logger);

        var stats = await importer.ImportAsync([WriteFile("many.csv", CsvRows(1, 100))], Csv with { BatchSize = 16 }, CancellationToken.None);

        Assert.Equal(100, stats.TradesImported);
        Assert.Equal([16, 16, 16, 16, 16, 16, 4], batches.Sizes);
        var price = (await _log.Prices.GetAsync(Kraken, CancellationToken.None)).Price!;
        Assert.Equal((200.5m, 199.5m), (price.BuyPrice, price.SellPrice));
    }

    [Fact]
    public async Task Batches_reach_the_log_in_file_order_and_a_failed_one_ends_the_import_with_nothing_after_it_recorded()
    {
        // The first append is slow, so later batches are handed over while it is still being written.
        var failing = new SlowThenFailingLog(_log.Log, failAt: 4);
        var importer = new RecordedFileImporter(new MarketRecorder(failing, _log.Prices, TimeProvider.System), _logger);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            importer.ImportAsync([WriteFile("many.csv", CsvRows(1, 100))], Csv with { BatchSize = 16 }, CancellationToken.None));

        Assert.Contains("recording a batch failed", error.Message);
        Assert.Equal(Enumerable.Range(1, 48).Select(i => i.ToString()), (await _log.ReadTradesAsync()).Select(t => t.TradeId.ToString()));
        Assert.Equal(4, failing.Appends);
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_reported_and_skipped_and_reading_goes_on()
    {
        var path = WriteFile("long.csv", CsvRows(1, 2) + new string('9', 5000) + "\n" + CsvRows(3, 2));

        var stats = await ImportAsync(Csv with { MaxLineBytes = 1024 }, path);

        Assert.Equal((4L, 1L), (stats.TradesImported, stats.MalformedLines));
        Assert.Contains($"{path}:3: the line is longer than 1024 bytes; line skipped", _logger.Messages);
    }

    [Fact]
    public async Task An_unreadable_file_is_reported_and_the_next_one_is_still_imported()
    {
        var missing = Path.Combine(_directory, "missing.csv");
        var corrupt = Path.Combine(_directory, "corrupt.gz");
        var good = WriteGzip("good.csv.gz", CsvRows(1, 500));
        var bytes = File.ReadAllBytes(good);
        // The first deflate block header right after the 10-byte gzip header: 0xff claims the reserved block type.
        bytes[10] = 0xff;
        File.WriteAllBytes(corrupt, bytes);

        var stats = await ImportAsync(Csv, missing, corrupt, good);

        Assert.Equal((3, 2, 500L), (stats.Files, stats.UnreadableFiles, stats.TradesImported));
        Assert.Contains(_logger.Messages, m => m.StartsWith($"{missing}: could not be read to the end", StringComparison.Ordinal));
        Assert.Contains(_logger.Messages, m => m.StartsWith($"{corrupt}: could not be read to the end", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gzip_file_cut_off_mid_line_keeps_its_whole_lines_and_reports_the_cut_one()
    {
        var path = WriteGzip("cut.csv.gz", CsvRows(1, 3) + "4,1626993374,104.5,0.2");

        var stats = await ImportAsync(Csv, path);

        Assert.Equal((3L, 1L), (stats.TradesImported, stats.MalformedLines));
        Assert.Contains($"{path}:4: the compressed file ends in the middle of this line, so it may be cut off; line skipped", _logger.Messages);
    }

    [Fact]
    public async Task A_plain_file_may_end_without_a_newline()
    {
        var stats = await ImportAsync(Csv, WriteFile("last.csv", CsvRows(1, 3) + "4,1626993374,104.5,0.25,buy"));

        Assert.Equal((4L, 0L), (stats.TradesImported, stats.MalformedLines));
    }

    [Fact]
    public async Task Trades_csv_without_a_symbol_is_refused_before_reading()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ImportAsync(Csv with { Symbol = null }, WriteFile("t.csv", CsvRows(1, 1))));

        Assert.Contains("--symbol", error.Message);
    }

    /// <summary>Passes appends through to the real log, the first one after a pause, and fails the given one.</summary>
    private sealed class SlowThenFailingLog(IMarketLog log, int failAt) : IMarketLog
    {
        public int Appends { get; private set; }

        public async ValueTask<AppendResult> AppendTradesAsync(IReadOnlyList<Trade> trades, CancellationToken ct)
        {
            if (++Appends == 1) await Task.Delay(100, ct);
            if (Appends == failAt) throw new IOException("disk full");
            return await log.AppendTradesAsync(trades, ct);
        }

        public ValueTask AppendQuotesAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) => log.AppendQuotesAsync(quotes, ct);

        public ValueTask<TradeCursor?> FindLastTradeAsync(InstrumentId instrument, CancellationToken ct) => log.FindLastTradeAsync(instrument, ct);

        public ITradeConsumer OpenTradeConsumer(string group, ResumeOffsets resume) => log.OpenTradeConsumer(group, resume);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Passes appends through to the real log and notes each trade batch's size.</summary>
    private sealed class BatchSizes(IMarketLog log) : IMarketLog
    {
        public List<int> Sizes { get; } = [];

        public ValueTask<AppendResult> AppendTradesAsync(IReadOnlyList<Trade> trades, CancellationToken ct)
        {
            Sizes.Add(trades.Count);
            return log.AppendTradesAsync(trades, ct);
        }

        public ValueTask AppendQuotesAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) => log.AppendQuotesAsync(quotes, ct);

        public ValueTask<TradeCursor?> FindLastTradeAsync(InstrumentId instrument, CancellationToken ct) => log.FindLastTradeAsync(instrument, ct);

        public ITradeConsumer OpenTradeConsumer(string group, ResumeOffsets resume) => log.OpenTradeConsumer(group, resume);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
