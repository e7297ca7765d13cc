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
    public static async Task<int> RunAsync(CommandLine line, TextWriter output, CancellationToken ct)
    {
        line.AllowOnly("format", "venue", "symbol");
        var formatName = line.Require("format");
        if (!RecordedFileFormats.TryParse(formatName, out var format))
            throw new CommandLineException($"--format '{formatName}' is not one of {string.Join(", ", RecordedFileFormats.Names)}");
        if (line.Positionals.Count == 0) throw new CommandLineException("import needs at least one FILE");
        var options = new ImportOptions { Format = format, Venue = line.Get("venue"), Symbol = line.Get("symbol") };
        // Checked before the host opens the data directory, so a wrong option is one line and exit code 2, not a crash.
        if (options.Problem() is { } problem) throw new CommandLineException(problem);

        await using var host = CommandHost.Build(line);
        var services = host.Services;
        var log = services.GetRequiredService<IMarketLog>();
        var job = services.GetRequiredService<AggregationJob>();
        var importer = new RecordedFileImporter(
            services.GetRequiredService<MarketRecorder>(),
            services.GetRequiredService<ILogger<RecordedFileImporter>>(),
            services.GetRequiredService<TimeProvider>());

        var clock = Stopwatch.StartNew();
        using var aggregating = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var streaming = RunUntilCancelledAsync(job, aggregating.Token);
        ImportStats stats;
        try
        {
            stats = await importer.ImportAsync(line.Positionals, options, ct);
        }
        finally
        {
            await aggregating.CancelAsync();
            await streaming;
        }
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

    private static async Task RunUntilCancelledAsync(AggregationJob job, CancellationToken ct)
    {
        try
        {
            await job.RunAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
