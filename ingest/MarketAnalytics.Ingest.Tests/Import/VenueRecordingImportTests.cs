using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Import;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Ingest.Tests.Import;

/// <summary><c>--format coinbase-ws</c> and <c>kraken-ws</c>: recordings in the <c>bitmex-ws</c> layout go through the live
/// parsers, and importing them again adds nothing.</summary>
public sealed class VenueRecordingImportTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ingest-venues-" + Guid.NewGuid().ToString("N"));
    private readonly TemporaryLog _log = new();

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

    private async Task<(ImportStats First, ImportStats Again)> ImportTwiceAsync(string format, string recording)
    {
        var path = Path.Combine(_directory, format + ".txt");
        await File.WriteAllTextAsync(path, recording);
        Assert.True(RecordedFileFormats.TryParse(format, out var parsed));
        var importer = new RecordedFileImporter(_log.Recorder, new CollectingLogger<RecordedFileImporter>());
        var options = new ImportOptions { Format = parsed };
        return (await importer.ImportAsync([path], options, CancellationToken.None), await importer.ImportAsync([path], options, CancellationToken.None));
    }

    [Fact]
    public async Task Coinbase_recording_imports_each_trade_once_with_last_match_deduplicated_by_trade_id()
    {
        var (first, again) = await ImportTwiceAsync("coinbase-ws", """
            wss://ws-feed.exchange.coinbase.com <-> connected
            wss://ws-feed.exchange.coinbase.com <- {"type":"subscribe","product_ids":["BTC-USD"],"channels":["matches","ticker"]}
            1723075200.001: {"type":"subscriptions","channels":[{"name":"matches","product_ids":["BTC-USD"]}]}
            1723075200.002: {"type":"last_match","trade_id":100,"side":"sell","size":"0.5","price":"60000.00","product_id":"BTC-USD","sequence":1000,"time":"2024-08-08T00:00:00.100000Z"}
            1723075200.003: {"type":"ticker","sequence":1001,"product_id":"BTC-USD","price":"60000.00","best_bid":"59999.99","best_bid_size":"1.2","best_ask":"60000.00","best_ask_size":"0.3","side":"sell","time":"2024-08-08T00:00:00.200000Z","trade_id":100,"last_size":"0.5"}
            2024-08-08T00:00:01.000Z: {"type":"match","trade_id":101,"side":"buy","size":"0.25","price":"59999.99","product_id":"BTC-USD","sequence":1002,"time":"2024-08-08T00:00:00.900000Z"}
            wss://ws-feed.exchange.coinbase.com <-> reconnected
            2024-08-08T00:00:02.000Z: {"type":"last_match","trade_id":101,"side":"buy","size":"0.25","price":"59999.99","product_id":"BTC-USD","sequence":1002,"time":"2024-08-08T00:00:00.900000Z"}
            2024-08-08T00:00:02.500Z: {"type":"match","trade_id":102,"side":"sell","size":"oops","price":"60000.00","product_id":"BTC-USD","sequence":1003,"time":"2024-08-08T00:00:01Z"}
            """);

        Assert.Equal((3L, 2L, 1L, 1L), (first.TradesRead, first.TradesImported, first.Duplicates, first.Quotes));
        Assert.Equal((3L, 1L, 1L), (first.SkippedLines, first.MalformedLines, first.IgnoredFrames));
        Assert.Equal((0L, 3L), (again.TradesImported, again.Duplicates));
        var trades = await _log.ReadTradesAsync();
        Assert.Equal([("100", TakerSide.Buy), ("101", TakerSide.Sell)], trades.Select(t => (t.TradeId, t.Side)));
        Assert.All(trades, t => Assert.Equal("coinbase:BTC-USD", t.Instrument.ToString()));
    }

    [Fact]
    public async Task Kraken_recording_of_v1_and_v2_frames_imports_once_and_again_adds_nothing()
    {
        var (first, again) = await ImportTwiceAsync("kraken-ws", """
            wss://ws.kraken.com <-> connected
            1534614057.5: {"event":"systemStatus","status":"online","version":"1.0.0"}
            1534614057.6: [0,[["5541.20000","0.15850568","1534614057.321597","s","l",""],["5541.20000","0.15850568","1534614057.321597","s","l",""]],"trade","XBT/USD"]
            1534614057.7: [0,["5541.10000","5541.20000","1534614057.600000","1.0","2.0"],"spread","XBT/USD"]
            2023-09-25T07:49:38Z: {"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":26000.1,"qty":0.01,"ord_type":"market","trade_id":61044952,"timestamp":"2023-09-25T07:49:37.708706Z"}]}
            2023-09-25T07:49:39Z: {"channel":"heartbeat"}
            """);

        Assert.Equal((3L, 3L, 0L, 1L), (first.TradesRead, first.TradesImported, first.Duplicates, first.Quotes));
        Assert.Equal((0L, 3L), (again.TradesImported, again.Duplicates));
        Assert.All(await _log.ReadTradesAsync(), t => Assert.Equal("kraken:BTC/USD", t.Instrument.ToString()));
    }
}
