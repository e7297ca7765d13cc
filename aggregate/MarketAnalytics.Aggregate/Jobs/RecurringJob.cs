namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>A job that runs on a cron schedule, as configured under <c>Jobs:</c>.</summary>
public sealed record RecurringJob(string Name, CronSchedule Schedule, string Description);
