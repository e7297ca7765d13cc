using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>Registers the job bodies Hangfire activates (the rerun engine and <see cref="JobsOptions"/> come from the host).</summary>
public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddJobBodies(this IServiceCollection services)
    {
        services.AddTransient<ReconciliationJob>();
        services.AddTransient<RetentionJob>();
        services.AddTransient<IntegrityJob>();
        services.AddTransient<RerunRequestJob>();
        return services;
    }
}
