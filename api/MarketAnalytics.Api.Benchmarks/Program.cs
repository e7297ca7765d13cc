using MarketAnalytics.Api.Benchmarks;

// End-to-end measurements of the whole pipeline (the component benchmarks are BenchmarkDotNet projects beside their code):
//   import-csv [trades]      generated trades-only CSV through `import` (read, parse, dedupe, log, aggregate)
//   generate-csv trades FILE the same generated CSV written to FILE (for the side-by-side scripts in scripts/bench)
//   import-binance           the recorded binance-ws files in ../shared/data through `import`
//   latency [trades] [rate]  trade on a BitMEX-protocol socket -> its minute candle visible through the API
//   push-latency [trades] [rate] [warm-up]  trade on a BitMEX-protocol socket -> its trade message on a subscribed WebSocket
//   rerun [trades]           `rerun` over a generated day in the embedded log, beside SQLite load + GROUP BY
//   postgres-sink [trades]   trades in Kafka (mock cluster) aggregated into PostgreSQL (needs MA_TEST_POSTGRES)
return args.FirstOrDefault() switch
{
    "import-csv" => await ImportMeasurement.GeneratedCsvAsync(args.Length > 1 ? int.Parse(args[1]) : 3_000_000),
    "generate-csv" when args.Length == 3 => GenerateCsv(int.Parse(args[1]), args[2]),
    "import-binance" => await ImportMeasurement.RecordedBinanceAsync(),
    "rerun" => await RerunMeasurement.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 3_000_000),
    "postgres-sink" => await PostgresSinkMeasurement.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1_000_000),
    "push-latency" => await PushLatencyMeasurement.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 2000, args.Length > 2 ? int.Parse(args[2]) : 100,
        args.Length > 3 ? int.Parse(args[3]) : 500),
    "latency" => await LatencyMeasurement.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 2000, args.Length > 2 ? int.Parse(args[2]) : 100),
    _ => Usage(),
};

static int GenerateCsv(int trades, string path)
{
    ImportMeasurement.Generate(path, trades);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project api/MarketAnalytics.Api.Benchmarks -- import-csv [trades] | generate-csv trades FILE | import-binance | latency [trades] [per-second] | push-latency [trades] [per-second] [warm-up] | rerun [trades] | postgres-sink [trades]");
    return 2;
}
