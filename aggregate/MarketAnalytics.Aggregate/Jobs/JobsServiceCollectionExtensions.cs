using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>Registers the jobs and their scheduler (the aggregation role; the job store, the rerun engine and <see cref="JobsOptions"/> come from the host).</summary>
public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddJobScheduler(this IServiceCollection services)
    {
        services.AddSingleton<IJob, ReconciliationJob>();
        services.AddSingleton<IJob, RetentionJob>();
        services.AddSingleton<IJob, IntegrityJob>();
        services.AddSingleton<IJob, RerunRequestJob>();
        services.AddSingleton<JobScheduler>();
        return services;
    }
}
