using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MarketAnalytics.Aggregate;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Ingest;
using MarketAnalytics.Ingest.Import;

namespace MarketAnalytics.Api.Commands;

/// <summary><c>import</c>: appends recorded files' trades and quotes to the log through the same recorder as the live reader
/// (so duplicates are dropped), aggregates alongside, and drains the aggregation before it exits.</summary>
public static class ImportCommand
{
    private static readonly Option<RecordedFileFormat?> Format = new("--format")
    {
        Description = $"the files' format: {string.Join(", ", RecordedFileFormats.Names)}",
        HelpName = "FORMAT",
        CustomParser = result => RecordedFileFormats.TryParse(result.Tokens[0].Value, out var format)
            ? format
            : OptionValues.Error<RecordedFileFormat?>(result, $"--format '{result.Tokens[0].Value}' is not one of {string.Join(", ", RecordedFileFormats.Names)}"),
    };

    private static readonly Option<string> Venue = new("--venue") { Description = "the venue of the trades (formats without one)", HelpName = "V" };

    private static readonly Option<string> Symbol = new("--symbol") { Description = "the symbol of the trades (formats without one)", HelpName = "S" };

    private static readonly Argument<string[]> Files = new("FILE") { Description = "recorded files, gzip or zip as downloaded", Arity = ArgumentArity.ZeroOrMore };

    public static Command Create()
    {
        var command = new Command("import", "appends recorded files' trades and quotes to the log (deduplicated), then aggregates them")
        {
            Format, Venue, Symbol, SettingOptions.DataDirectory, Files,
        };
        OptionValues.Require(command, Format);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Files) is not { Length: > 0 }) result.AddError("import needs at least one FILE");
        });
        command.SetAction((result, ct) => RunAsync(result, result.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult line, TextWriter output, CancellationToken ct)
    {
        var options = new ImportOptions { Format = line.GetValue(Format)!.Value, Venue = line.GetValue(Venue), Symbol = line.GetValue(Symbol) };
        // Checked before the host opens the data directory, so a wrong option is one line and exit code 2, not a crash.
        if (options.Problem() is { } problem) throw new CommandLineException(problem);
        await using var host = CommandHost.Build(line);
        var services = host.Services;
        // The log first: it takes the data directory's lock, so a directory in use is refused before anything starts.
        services.GetRequiredService<IMarketLog>();
        // The aggregation's store opens while the import starts, on the core that is idle then: the job only follows the log.
        // If it cannot open, the import stops and that failure is what the command reports; what was logged stays logged.
        var opening = Task.Run(services.GetRequiredService<AggregationJob>);
        var importer = new RecordedFileImporter(
            services.GetRequiredService<MarketRecorder>(),
            services.GetRequiredService<ILogger<RecordedFileImporter>>(),
            services.GetRequiredService<TimeProvider>());

        var clock = Stopwatch.StartNew();
        using var importing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var aggregating = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var streaming = RunUntilCancelledAsync(opening, importing, aggregating.Token);
        ImportStats stats;
        try
        {
            stats = await importer.ImportAsync(line.GetValue(Files)!, options, importing.Token);
        }
        finally
        {
            await aggregating.CancelAsync();
            await streaming;
        }
        var job = await opening;
        await job.DrainAsync(ct);
        var elapsed = clock.Elapsed;

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
            files:           {stats.Files} ({stats.UnreadableFiles} unreadable)
            lines:           {stats.Lines} ({stats.Bytes / 1e6:F1} MB uncompressed)
            trades read:     {stats.TradesRead} ({stats.NonMarketTrades} not market trades, kept in the log, left out of candles)
            imported:        {stats.TradesImported}
            duplicates:      {stats.Duplicates}
            quotes:          {stats.Quotes}
            skipped lines:   {stats.SkippedLines} not frames, {stats.MalformedLines} malformed, {stats.IgnoredFrames} frames of other streams
            aggregated:      {job.CommittedTrades} trades
            elapsed:         {elapsed.TotalSeconds:F2} s (read and log {stats.Elapsed.TotalSeconds:F2} s)
            throughput:      {stats.TradesRead / elapsed.TotalSeconds:N0} trades/s, {stats.Bytes / 1e6 / elapsed.TotalSeconds:F1} MB/s end to end
            """));
        return stats.UnreadableFiles > 0 ? 1 : 0;
    }

    private static async Task RunUntilCancelledAsync(Task<AggregationJob> opening, CancellationTokenSource importing, CancellationToken ct)
    {
        AggregationJob job;
        try
        {
            job = await opening;
        }
        catch
        {
            await importing.CancelAsync();
            throw;
        }
        try
        {
            await job.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
