using MarketAnalytics.Ingest.GapFill;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Ingest.Polling;

/// <summary>Registers the scheduled REST source in a process that runs Hangfire jobs.</summary>
public static class RestPollingServiceCollectionExtensions
{
    /// <summary>Adds the <see cref="RestPollingJob"/> body, <see cref="RestPollingOptions"/> (validated at start, each message
    /// naming its setting) and the hosted service that schedules one job per configured instrument.</summary>
    /// <remarks>Needs Hangfire's <c>IRecurringJobManager</c>, a <see cref="MarketRecorder"/>, the market log and a
    /// <see cref="TimeProvider"/> from the host.</remarks>
    public static IServiceCollection AddRestPolling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RestPollingOptions>()
            .Configure(options => options.Venues = configuration.GetSection(RestPollingOptions.Section).Get<Dictionary<string, RestPollingVenueOptions>>() ?? [])
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GapFillOptions>().Bind(configuration.GetSection(GapFillOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RestPollingFillers>(sp, configuration));
        services.AddTransient<RestPollingJob>();
        services.AddHostedService<RestPollingSchedules>();
        return services;
    }
}
