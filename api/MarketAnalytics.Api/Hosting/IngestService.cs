using MarketAnalytics.Ingest;
using MarketAnalytics.Ingest.Import;
using MarketAnalytics.Ingest.Sources;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Hosts the ingest source: the live readers (each an <see cref="IMarketSource"/> from the container), a replay of a
/// recorded file, or nothing.</summary>
internal sealed class IngestService(
    IngestSource source,
    IEnumerable<IMarketSource> liveSources,
    MarketRecorder recorder,
    PipelineStatus status,
    TimeProvider clock,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<IngestService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            switch (source.Kind)
            {
                case IngestSource.Live:
                    await Task.WhenAll(liveSources.Select(s => s.RunAsync(stoppingToken)));
                    break;
                case IngestSource.Replay:
                    var importer = new RecordedFileImporter(recorder, loggers.CreateLogger<RecordedFileImporter>(), clock);
                    var stats = await importer.ImportAsync([source.File!], new ImportOptions { Format = source.ReplayFormat, Venue = source.ReplayVenue }, stoppingToken);
                    status.Replay = stats;
                    _logger.LogInformation("Replayed {File}: {Trades} trades read, {Imported} new, {Duplicates} duplicates",
                        source.File, stats.TradesRead, stats.TradesImported, stats.Duplicates);
                    break;
                default:
                    _logger.LogInformation("No ingest source (--source none): serving what the log and store hold");
                    break;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
