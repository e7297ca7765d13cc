using MarketAnalytics.Core;
using MarketAnalytics.Ingest.Import;
using MarketAnalytics.Ingest.Testing;

namespace MarketAnalytics.Ingest.Tests.Import;

public sealed class VenueFrameImportTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ingest-venue-import-" + Guid.NewGuid().ToString("N"));
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

    private async Task<ImportStats> ImportAsync(RecordedFileFormat format, string text)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".frames");
        await File.WriteAllTextAsync(path, text);
        return await new RecordedFileImporter(_log.Recorder, _logger).ImportAsync([path], new ImportOptions { Format = format }, CancellationToken.None);
    }

    [Fact]
    public async Task Okx_recording_keeps_contracts_without_a_contract_value_says_so_once_per_instrument_and_imports_again_as_nothing()
    {
        const string recording = """
            wss://ws.okx.com:8443/ws/v5/business <- {"op":"subscribe","args":[{"channel":"trades-all","instId":"BTC-USDT"}]}
            1709294430.100: {"event":"subscribe","arg":{"channel":"trades-all","instId":"BTC-USDT"},"connId":"a"}
            1709294430.200: {"arg":{"channel":"trades-all","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"7","px":"60000.1","sz":"0.5","side":"sell","ts":"1709294430150"}]}
            2024-03-01T12:00:31.000Z: {"arg":{"channel":"trades-all","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"9","px":"60010","sz":"12","side":"buy","ts":"1709294430900"}]}
            2024-03-01T12:00:32.000Z: {"arg":{"channel":"trades-all","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","tradeId":"10","px":"60011","sz":"3","side":"sell","ts":"1709294431900"}]}
            1709294433.0: pong
            1709294434.0: {"arg":{"channel":"trades-all","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"8","px":"oops","sz":"1","side":"buy","ts":"1709294433000"}]}

            """;

        var first = await ImportAsync(RecordedFileFormat.OkxWs, recording);
        var again = await ImportAsync(RecordedFileFormat.OkxWs, recording);

        Assert.Equal((3L, 3L, 1L, 1L), (first.TradesRead, first.TradesImported, first.SkippedLines, first.MalformedLines));
        Assert.Equal((3L, 0L, 3L), (again.TradesRead, again.TradesImported, again.Duplicates));
        var swap = InstrumentId.Of(Venues.Okx, "BTC-USDT-SWAP");
        var trades = await _log.ReadTradesAsync();
        Assert.Equal(
            [
                new Trade(InstrumentId.Of(Venues.Okx, "BTC-USDT"), "7", new DateTime(2024, 3, 1, 12, 0, 30, 150, DateTimeKind.Utc), 60000.1m, 0.5m, 30000.05m, TakerSide.Sell),
                new Trade(swap, "9", new DateTime(2024, 3, 1, 12, 0, 30, 900, DateTimeKind.Utc), 60010m, 0m, 0m, TakerSide.Buy, Contracts: 12m),
                new Trade(swap, "10", new DateTime(2024, 3, 1, 12, 0, 31, 900, DateTimeKind.Utc), 60011m, 0m, 0m, TakerSide.Sell, Contracts: 3m),
            ], trades.OrderBy(t => t.Time));
        // Once per import (each import has its own parser), never per trade.
        Assert.Equal(2, _logger.Messages.Count(m => m.StartsWith("okx:BTC-USDT-SWAP: trades are in contracts", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Bybit_recording_imports_trades_and_skips_notes()
    {
        const string recording = """
            wss://stream.bybit.com/v5/public/linear <-> connected
            1709294430.1: {"success":true,"ret_msg":"","conn_id":"c","req_id":"","op":"subscribe"}
            1709294430.2: {"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1709294430200,"data":[{"T":1709294430150,"s":"BTCUSDT","S":"Sell","v":"0.004","p":"60000.5","L":"MinusTick","i":"f1","BT":false,"seq":5},{"T":1709294430160,"s":"BTCUSDT","S":"Buy","v":"1","p":"60001","i":"f2","BT":false,"seq":6}]}
            1709294430.3: {"topic":"orderbook.1.BTCUSDT","type":"snapshot","ts":1709294430300,"data":{"s":"BTCUSDT","b":[["60000","2"]],"a":[["60001","1"]],"u":9,"seq":7},"cts":1709294430290}

            """;

        var stats = await ImportAsync(RecordedFileFormat.BybitWs, recording);

        Assert.Equal((2L, 2L, 1L, 1L, 1L), (stats.TradesRead, stats.TradesImported, stats.Quotes, stats.SkippedLines, stats.IgnoredFrames));
        var btc = InstrumentId.Of(Venues.Bybit, "BTCUSDT");
        Assert.Equal(
            [
                new Trade(btc, "f1", new DateTime(2024, 3, 1, 12, 0, 30, 150, DateTimeKind.Utc), 60000.5m, 0.004m, 240.0020m, TakerSide.Sell),
                new Trade(btc, "f2", new DateTime(2024, 3, 1, 12, 0, 30, 160, DateTimeKind.Utc), 60001m, 1m, 60001m, TakerSide.Buy),
            ], (await _log.ReadTradesAsync()).OrderBy(t => t.Time));
    }
}
