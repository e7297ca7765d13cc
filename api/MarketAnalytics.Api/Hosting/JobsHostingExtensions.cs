using Hangfire;
using Hangfire.AspNetCore;
using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Ingest.Polling;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Hangfire in a process: its client (every role can enqueue a rerun) and, in the roles that run jobs (<c>run</c>,
/// <c>aggregate</c>), its server and the recurring jobs.</summary>
/// <remarks>The job storage and activator are this host's own services, not Hangfire's process-wide <c>JobStorage.Current</c>,
/// so several hosts in one process (tests) keep apart.</remarks>
public static class JobsHostingExtensions
{
    /// <summary>Adds Hangfire's client: every process can enqueue a rerun.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddJobBodies();
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .UseLogProvider(Attached(sp))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            // Arguments and results as plain JSON: every field written (a rerun that changed 0 windows says so), no type names.
            .UseSerializerSettings(new JsonSerializerSettings { DefaultValueHandling = DefaultValueHandling.Include, TypeNameHandling = TypeNameHandling.None }));
        return services;
    }

    /// <summary>Adds Hangfire's server, which runs enqueued and recurring jobs, and writes the recurring jobs' schedules at start,
    /// the scheduled REST polling jobs (<c>Ingest:Polling</c>) included.</summary>
    public static IServiceCollection AddJobServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHangfireServer((sp, server) => server.SchedulePollingInterval = sp.GetRequiredService<IOptions<JobsOptions>>().Value.PollInterval);
        services.AddHostedService<RecurringJobsRegistration>();
        services.AddRestPolling(configuration);
        return services;
    }

    private static HangfireLogging Attached(IServiceProvider services)
    {
        HangfireLogging.Attach(services.GetRequiredService<ILoggerFactory>(),
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        return HangfireLogging.Instance;
    }
}
