using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Api.Watch;
using MarketAnalytics.Storage.EmbeddedLog;

namespace MarketAnalytics.Api.Commands;

/// <summary>Dispatches <c>marketanalytics &lt;command&gt;</c> and turns expected failures into one clear line and an exit code.</summary>
public static class CommandRunner
{
    public const string Usage = """
        usage: marketanalytics <command> [options]

          run        [--source VENUE,…|all|replay:FILE|none] [--data-dir DIR] [--urls URL]
                     ingest + log + aggregation + API in one process (the main job)
          api | ingest | aggregate   [--data-dir DIR] [--urls URL]
                     one role alone against the configured backends
          import     --format binance-ws|bitmex-ws|coinbase-ws|kraken-ws|trades-csv|... [--venue V] [--symbol S] [--data-dir DIR] FILE...
                     appends the files' trades to the log (deduplicated), then aggregates them
          rerun      --from T --to T [--symbol venue:SYMBOL ...] [--interval 1m|1h|all] [--dry-run] [--data-dir DIR]
                     recomputes the aggregates of a range from the log and replaces them atomically
          candles    --symbol venue:SYMBOL [--interval 1m|5m|15m|1h|4h|1d] [--from T] [--to T] [--format csv|json] [--data-dir DIR]
                     exports candles

          loadtest   [--url http://127.0.0.1:PORT] [--seconds 10] [--warmup 10] [--connections 32] [--pipeline 1] [--admin-key K]
                     drives the internal exchange's order API (limit orders and cancels) and prints orders/s and latency
                     percentiles; without --url against its own all-in-one host on 127.0.0.1 and a temporary data directory;
                     --pipeline N keeps up to N requests in flight on each keep-alive connection

          watch      [--url http://localhost:5000] [--symbols S1,S2] [--interval 1m] [--once]
                     a live table of instruments (last price, bid/ask, forming candle, trades per minute) from a running
                     instance's push API; --once prints one frame and exits; plain lines when the output is not a terminal

          kafka-mock [--brokers 3] [--partitions 4]
                     librdkafka's mock Kafka cluster on 127.0.0.1 for trying Log__Kind=Kafka where no broker exists

        Backends come from appsettings.json and environment variables (Log__Kind=Kafka, Store__Kind=Postgres, Prices__Kind=Redis, ...).
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            var line = CommandLine.Parse(args);
            return line.Command switch
            {
                "run" => await ServeCommand.RunAsync(line, PipelineRoles.All),
                "api" => await ServeCommand.RunAsync(line, PipelineRoles.Api),
                "ingest" => await ServeCommand.RunAsync(line, PipelineRoles.Ingest),
                "aggregate" => await ServeCommand.RunAsync(line, PipelineRoles.Aggregate),
                "import" => await ImportCommand.RunAsync(line, Console.Out, cancel.Token),
                "candles" => await CandlesCommand.RunAsync(line, Console.Out, cancel.Token),
                "rerun" => await RerunCommand.RunAsync(line, Console.Out, cancel.Token),
                "kafka-mock" => await KafkaMockCommand.RunAsync(line, Console.Out, cancel.Token),
                "loadtest" => await LoadTestCommand.RunAsync(line, Console.Out, cancel.Token),
                "watch" => await WatchCommand.RunAsync(line, Console.Out, cancel.Token),
                "help" or "--help" or "-h" => Help(Console.Out, 0),
                _ => throw new CommandLineException($"unknown command '{line.Command}'"),
            };
        }
        catch (CommandLineException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return Help(Console.Error, 2);
        }
        catch (DataDirectoryInUseException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            if (args.FirstOrDefault() == "rerun")
                await Console.Error.WriteLineAsync("A running `run` process reruns ranges itself: use its jobs dashboard (/jobs) or POST /api/v1/reruns.");
            return 3;
        }
        catch (BackendUnavailableException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 4;
        }
        catch (InvalidConfigurationException e)
        {
            foreach (var problem in e.Problems) await Console.Error.WriteLineAsync($"configuration error: {problem}");
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
    }

    private static int Help(TextWriter writer, int exitCode)
    {
        writer.WriteLine(Usage);
        return exitCode;
    }
}
