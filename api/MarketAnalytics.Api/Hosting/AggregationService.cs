using MarketAnalytics.Aggregate;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Hosts the streaming aggregation job for the process's lifetime.</summary>
internal sealed class AggregationService(AggregationJob job, PipelineStatus status, TimeProvider clock, ILogger<AggregationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        status.StartedAt = clock.GetUtcNow().UtcDateTime;
        job.Committed += batch => status.RecordCommit(batch.Trades.Count, clock.GetUtcNow().UtcDateTime);
        try
        {
            await job.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Aggregation stopped; {Trades} trades committed", job.CommittedTrades);
        }
    }
}
