using MarketAnalytics.Aggregate.Jobs;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Hosts the job scheduler in the aggregation role for the process's lifetime.</summary>
internal sealed class JobSchedulerService(JobScheduler scheduler, ILogger<JobSchedulerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Job scheduler {Holder} started; next due: {Due}", scheduler.Holder,
            string.Join(", ", scheduler.NextDue.Select(d => $"{d.Key} {d.Value:u}")));
        try
        {
            await scheduler.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
