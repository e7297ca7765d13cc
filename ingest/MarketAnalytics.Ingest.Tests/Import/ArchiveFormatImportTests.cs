using System.IO.Compression;
using System.Text;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Import;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Ingest.Tests.Import;

public sealed class ArchiveFormatImportTests : IAsyncLifetime
{
    private static readonly DateTime Noon = new(2025, 1, 2, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ingest-archive-" + Guid.NewGuid().ToString("N"));
    private readonly TemporaryLog _log = new();
    private readonly CollectingLogger<RecordedFileImporter> _logger = new();

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

    // Binance's archive holds one CSV per .zip, named like the archive.
    private string WriteZip(string name, string csv)
    {
        var path = Path.Combine(_directory, name);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        using var entry = archive.CreateEntry(Path.ChangeExtension(name, ".csv")).Open();
        entry.Write(Encoding.UTF8.GetBytes(csv));
        return path;
    }

    private Task<ImportStats> ImportAsync(ImportOptions options, params string[] paths) =>
        new RecordedFileImporter(_log.Recorder, _logger).ImportAsync(paths, options, CancellationToken.None);

    [Fact]
    public async Task Binance_spot_trades_zip_with_header_and_microsecond_times_is_read_as_downloaded()
    {
        var path = WriteZip("BTCUSDT-trades-2025-01-02.zip",
            "id,price,qty,quote_qty,time,is_buyer_maker,is_best_match\n" +
            "4000000001,97000.01000000,0.00100000,97.00001000,1735819200000000,True,True\n" +
            "4000000002,97000.02000000,0.00200000,194.00004000,1735819200123456,False,True\n");

        var stats = await ImportAsync(new ImportOptions { Format = RecordedFileFormat.BinanceTradesCsv, Symbol = "BTCUSDT" }, path);

        var btc = InstrumentId.Of(Venues.Binance, "BTCUSDT");
        Assert.Equal((2L, 1L, 0L), (stats.TradesImported, stats.IgnoredFrames, stats.MalformedLines));
        Assert.Equal(
        [
            new Trade(btc, "4000000001", Noon, 97000.01m, 0.001m, 97.00001m, TakerSide.Sell),
            new Trade(btc, "4000000002", Noon.AddTicks(1_234_560), 97000.02m, 0.002m, 194.00004m, TakerSide.Buy),
        ], await _log.ReadTradesAsync());
    }

    [Fact]
    public async Task Binance_usdm_trades_without_header_and_millisecond_times_are_read()
    {
        var path = WriteZip("BTCUSDT-trades-2025-01-02.zip", "5000000001,97000.1,0.010,970.001,1735819200000,false\n");

        await ImportAsync(new ImportOptions { Format = RecordedFileFormat.BinanceTradesCsv, Venue = Venues.BinanceUsdm, Symbol = "BTCUSDT" }, path);

        var trade = Assert.Single(await _log.ReadTradesAsync());
        Assert.Equal((InstrumentId.Of(Venues.BinanceUsdm, "BTCUSDT"), Noon, TakerSide.Buy, 970.001m), (trade.Instrument, trade.Time, trade.Side, trade.QuoteQuantity));
    }

    [Fact]
    public async Task Binance_agg_trades_with_and_without_header_become_one_trade_per_aggregate()
    {
        var withHeader = WriteZip("BTCUSDT-aggTrades-2025-01-02.zip",
            "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match\n" +
            "3000000001,97000.5,0.25,4000000001,4000000003,1735819200000000,true,true\n");
        var without = Path.Combine(_directory, "BTCUSDT-aggTrades-2025-01-03.csv");
        File.WriteAllText(without, "3000000002,97001.5,0.5,4000000004,4000000004,1735819201000,false\n");

        var stats = await ImportAsync(new ImportOptions { Format = RecordedFileFormat.BinanceAggTradesCsv, Symbol = "BTCUSDT" }, withHeader, without);

        Assert.Equal(2, stats.TradesImported);
        var trades = await _log.ReadTradesAsync();
        Assert.Equal(["3000000001", "3000000002"], trades.Select(t => t.TradeId));
        Assert.Equal((TakerSide.Sell, 24250.125m, Noon), (trades[0].Side, trades[0].QuoteQuantity, trades[0].Time));
        Assert.Equal((TakerSide.Buy, Noon.AddSeconds(1)), (trades[1].Side, trades[1].Time));
    }

    [Fact]
    public async Task Bitmex_archive_trades_keep_contracts_notionals_and_nanosecond_timestamps_to_100_ns()
    {
        var path = Path.Combine(_directory, "20210722.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(
                "timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional\n" +
                "2021-07-22D22:36:11.685123456,XBTUSD,Buy,100,32180.5,PlusTick,6e70bebe-235e-08a6-d11b-e1042bf1f2ed,310747,0.00310747,100\n" +
                "2021-07-22D22:36:19.764000000,MATICUSDT,Sell,1199,0.8795,PlusTick,3b2d6d74-b858-2413-ec15-715b1e7a251c,10545205,3857.7863577863577,3392.923101673102\n" +
                "2021-07-22D22:36:20.000000000,XBTUSD,Hold,1,1,PlusTick,x,1,1,1\n"));

        var stats = await ImportAsync(new ImportOptions { Format = RecordedFileFormat.BitmexTradesCsv }, path);

        Assert.Equal((2L, 1L), (stats.TradesImported, stats.MalformedLines));
        Assert.Contains($"{path}:4: side 'Hold' is not valid; line skipped", _logger.Messages);
        var xbt = (await _log.ReadTradesAsync()).Single(t => t.Instrument.Symbol == "XBTUSD");
        Assert.Equal(new Trade(InstrumentId.Of(Venues.Bitmex, "XBTUSD"), "6e70bebe-235e-08a6-d11b-e1042bf1f2ed",
            new DateTime(2021, 7, 22, 22, 36, 11, DateTimeKind.Utc).AddTicks(6_851_234), 32180.5m, 0.00310747m, 100m, TakerSide.Buy, 100m), xbt);
    }

    [Fact]
    public async Task Binance_archive_without_a_symbol_is_refused_before_reading()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            ImportAsync(new ImportOptions { Format = RecordedFileFormat.BinanceAggTradesCsv }, WriteZip("x.zip", "")));

        Assert.Contains("--symbol", error.Message);
    }

    [Fact]
    public void Every_format_has_a_command_line_name()
    {
        foreach (var format in Enum.GetValues<RecordedFileFormat>())
        {
            Assert.True(RecordedFileFormats.TryParse(RecordedFileFormats.NameOf(format), out var parsed));
            Assert.Equal(format, parsed);
        }
        Assert.Equal(["binance-ws", "bitmex-ws", "coinbase-ws", "kraken-ws", "okx-ws", "bybit-ws", "trades-csv", "binance-trades-csv", "binance-aggtrades-csv", "bitmex-trades-csv"], RecordedFileFormats.Names);
    }
}
