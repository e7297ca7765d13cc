using MarketAnalytics.Ingest;
using MarketAnalytics.Ingest.Bitmex;
using MarketAnalytics.Ingest.Import;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Hosts the ingest source: the live BitMEX reader, a replay of a recorded file, or nothing.</summary>
internal sealed class IngestService(
    IngestSource source,
    MarketRecorder recorder,
    IOptions<BitmexReaderOptions> bitmex,
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
                case IngestSource.Bitmex:
                    var reader = new BitmexWebSocketReader(bitmex.Value, recorder, clock, loggers.CreateLogger<BitmexWebSocketReader>());
                    status.SourceState = () => reader.Status;
                    await reader.RunAsync(stoppingToken);
                    break;
                case IngestSource.Replay:
                    var importer = new RecordedFileImporter(recorder, loggers.CreateLogger<RecordedFileImporter>(), clock);
                    var stats = await importer.ImportAsync([source.File!], new ImportOptions { Format = source.ReplayFormat, Venue = source.ReplayVenue }, stoppingToken);
                    status.SourceState = () => stats;
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
