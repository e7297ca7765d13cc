using BenchmarkDotNet.Attributes;
using MarketAnalytics.Ingest.Import;

namespace MarketAnalytics.Ingest.Benchmarks;

/// <summary>End-to-end import throughput: file, decompression, line splitting, parsing and batching into a discarding log.</summary>
[MemoryDiagnoser]
public class ImportBenchmarks
{
    private string[] _recordings = [];
    private string _csv = "";
    private RecordedFileImporter _importer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _recordings = BenchmarkInputs.BinanceRecordings();
        _csv = BenchmarkInputs.GeneratedCsv();
        _importer = BenchmarkInputs.Importer();
    }

    /// <summary>All recorded Binance USD-M files (about 71 MB uncompressed).</summary>
    [Benchmark]
    public Task<ImportStats> BinanceRecordings() => _importer.ImportAsync(_recordings, BenchmarkInputs.BinanceUsdm, CancellationToken.None);

    /// <summary>A generated plain CSV of one million trades.</summary>
    [Benchmark]
    public Task<ImportStats> GeneratedTradesCsv() => _importer.ImportAsync([_csv], BenchmarkInputs.Csv, CancellationToken.None);
}
