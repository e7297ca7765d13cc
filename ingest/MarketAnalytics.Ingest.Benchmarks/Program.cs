using BenchmarkDotNet.Running;
using MarketAnalytics.Ingest.Benchmarks;

// `measure` prints throughput from a few timed runs, quicker than a full BenchmarkDotNet run; anything else goes to BenchmarkDotNet.
if (args is ["measure", ..])
{
    var importer = BenchmarkInputs.Importer();
    var recordings = BenchmarkInputs.BinanceRecordings();
    var csv = BenchmarkInputs.GeneratedCsv();
    for (var run = 1; run <= 5; run++)
    {
        var binance = await importer.ImportAsync(recordings, BenchmarkInputs.BinanceUsdm, CancellationToken.None);
        var trades = await importer.ImportAsync([csv], BenchmarkInputs.Csv, CancellationToken.None);
        Console.WriteLine(
            $"run {run}: binance-ws {binance.Bytes / 1e6:0.0} MB in {binance.Elapsed.TotalSeconds:0.000} s = {binance.MegabytesPerSecond:0} MB/s " +
            $"({binance.TradesRead} trades, {binance.Quotes} quotes, {binance.IgnoredFrames} skipped frames); " +
            $"trades-csv {trades.TradesRead} trades in {trades.Elapsed.TotalSeconds:0.000} s = {trades.TradesPerSecond / 1e6:0.00} M trades/s ({trades.MegabytesPerSecond:0} MB/s)");
    }
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(ImportBenchmarks).Assembly).Run(args);
