using MarketAnalytics.Core.Ports;
using MarketAnalytics.Core.Prices;
using MarketAnalytics.Storage.EmbeddedLog;
using MarketAnalytics.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Registers the backend behind each port as configured (see <see cref="BackendOptions"/>).</summary>
public static class BackendServiceCollectionExtensions
{
    /// <summary>Adds the log, store and price cache; throws <see cref="InvalidConfigurationException"/> naming every wrong setting.</summary>
    public static IServiceCollection AddBackends(this IServiceCollection services, IConfiguration configuration)
    {
        var backends = BackendOptions.From(configuration);
        var problems = backends.Problems().ToList();
        if (problems.Count > 0) throw new InvalidConfigurationException(problems);

        services.TryAddSingleton(TimeProvider.System);
        services.Configure<DataOptions>(configuration);
        services.AddSingleton<IMarketLog>(sp => EmbeddedLog.Open(sp.GetRequiredService<IOptions<DataOptions>>().Value.LogDirectory));
        // The log's history is the same log seen from the batch side (reruns, retention).
        services.AddSingleton(sp => (ILogHistory)sp.GetRequiredService<IMarketLog>());
        services.AddSingleton<IAggregateStore>(sp => SqliteAggregateStore.Open(sp.GetRequiredService<IOptions<DataOptions>>().Value.SqlitePath));
        services.AddSingleton<IPriceCache, InMemoryPriceCache>();
        return services;
    }
}
