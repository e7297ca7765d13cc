using System.Diagnostics;
using BenchmarkDotNet.Running;
using MarketAnalytics.Ingest.Benchmarks;

// `measure` prints throughput from a few timed runs, quicker than a full BenchmarkDotNet run; anything else goes to BenchmarkDotNet.
// CPU seconds are printed too: on a machine shared with other work they tell what the import itself costs.
if (args is ["measure", ..])
{
    var importer = BenchmarkInputs.Importer();
    var recordings = BenchmarkInputs.BinanceRecordings();
    var csv = BenchmarkInputs.GeneratedCsv();
    var process = Process.GetCurrentProcess();
    for (var run = 1; run <= 5; run++)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var binance = await importer.ImportAsync(recordings, BenchmarkInputs.BinanceUsdm, CancellationToken.None);
        process.Refresh();
        var binanceCpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var trades = await importer.ImportAsync([csv], BenchmarkInputs.Csv, CancellationToken.None);
        process.Refresh();
        var csvCpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds - binanceCpu;
        Console.WriteLine(
            $"run {run}: binance-ws {binance.Bytes / 1e6:0.0} MB in {binance.Elapsed.TotalSeconds:0.000} s = {binance.MegabytesPerSecond:0} MB/s, " +
            $"{binanceCpu:0.000} CPU s = {binance.Bytes / 1e6 / binanceCpu:0} MB per CPU s ({binance.TradesRead} trades, {binance.Quotes} quotes, " +
            $"{binance.IgnoredFrames} skipped frames); trades-csv {trades.TradesRead} trades in {trades.Elapsed.TotalSeconds:0.000} s = " +
            $"{trades.TradesPerSecond / 1e6:0.00} M trades/s, {csvCpu:0.000} CPU s");
    }
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(ImportBenchmarks).Assembly).Run(args);
