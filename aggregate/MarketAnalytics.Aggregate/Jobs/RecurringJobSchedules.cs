using Hangfire;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>Puts the three recurring jobs into Hangfire's storage under their names, with the cron schedules of
/// <see cref="JobsOptions"/> in UTC; every instance does this at start, and the last one's settings win.</summary>
public static class RecurringJobSchedules
{
    public static void Register(IRecurringJobManager manager, JobsOptions options)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        manager.AddOrUpdate<ReconciliationJob>(JobNames.Reconciliation, job => job.RunAsync(CancellationToken.None), options.Reconciliation.Schedule, utc);
        manager.AddOrUpdate<RetentionJob>(JobNames.Retention, job => job.RunAsync(CancellationToken.None), options.Retention.Schedule, utc);
        manager.AddOrUpdate<IntegrityJob>(JobNames.Integrity, job => job.RunAsync(CancellationToken.None), options.Integrity.Schedule, utc);
    }
}
