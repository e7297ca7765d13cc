using MarketAnalytics.Aggregate;
using MarketAnalytics.Aggregate.Reruns;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Registers the aggregation job (settings <c>Aggregation:…</c>) and the rerun engine, which every process has: the
/// streaming roles run the job in the background, <c>import</c> drains it, and any process can rerun a range.</summary>
public static class AggregationServiceCollectionExtensions
{
    public static IServiceCollection AddAggregation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AggregationOptions>().Bind(configuration.GetSection(AggregationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AggregationJob>();
        services.AddSingleton<RerunEngine>();
        return services;
    }
}
