using System.ComponentModel.DataAnnotations;
using Hangfire;
using Hangfire.Storage.SQLite;
using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Core.Prices;
using MarketAnalytics.Storage.EmbeddedLog;
using MarketAnalytics.Storage.Kafka;
using MarketAnalytics.Storage.Postgres;
using MarketAnalytics.Storage.Redis;
using MarketAnalytics.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Registers the backend behind each port as configured (see <see cref="BackendOptions"/>).</summary>
/// <remarks>Settings are validated here, at start, all of them at once; backends are opened when first needed, and one that
/// cannot be reached is reported as a <see cref="BackendUnavailableException"/>.</remarks>
public static class BackendServiceCollectionExtensions
{
    /// <summary>Adds the log, the aggregate store, Hangfire's job storage and the price cache; throws <see cref="InvalidConfigurationException"/> naming every wrong setting.</summary>
    public static IServiceCollection AddBackends(this IServiceCollection services, IConfiguration configuration)
    {
        var backends = BackendOptions.From(configuration);
        var problems = backends.Problems().ToList();
        var kafka = Bind<KafkaLogOptions>(configuration, KafkaLogOptions.Section, Is(backends.LogKind, BackendOptions.Kafka), o => o.Validate(), problems);
        var postgres = Bind<PostgresStoreOptions>(configuration, PostgresStoreOptions.Section, Is(backends.StoreKind, BackendOptions.Postgres), o => o.Validate(), problems);
        var redis = Bind<RedisPriceOptions>(configuration, RedisPriceOptions.Section, Is(backends.PricesKind, BackendOptions.Redis), o => o.Validate(), problems);
        if (problems.Count > 0) throw new InvalidConfigurationException(problems);

        services.TryAddSingleton(TimeProvider.System);
        services.Configure<DataOptions>(configuration);

        if (kafka is not null)
            services.AddSingleton<IMarketLog>(_ => Open("Kafka", () => KafkaMarketLog.OpenAsync(kafka, CancellationToken.None)));
        else
        {
            // Registered as itself too, for what only the embedded log offers (the current prices restored from its tail).
            services.AddSingleton(sp => EmbeddedLog.Open(sp.GetRequiredService<IOptions<DataOptions>>().Value.LogDirectory));
            services.AddSingleton<IMarketLog>(sp => sp.GetRequiredService<EmbeddedLog>());
        }
        // The log's history is the same log seen from the batch side (reruns, retention).
        services.AddSingleton(sp => (ILogHistory)sp.GetRequiredService<IMarketLog>());
        services.AddSingleton(sp => (IEventLog)sp.GetRequiredService<IMarketLog>());

        // Hangfire's job storage lives beside the aggregates, so every process of a deployment (the api role's dashboard, each
        // aggregate role's server) shares one set of jobs and locks.
        if (postgres is not null)
        {
            services.AddSingleton<IAggregateStore>(_ => Open("PostgreSQL", () => PostgresAggregateStore.OpenAsync(postgres, CancellationToken.None)));
            services.AddSingleton<JobStorage>(sp => Open("PostgreSQL", () => Task.FromResult(JobStorages.Postgres(postgres, PollInterval(sp)))));
        }
        else
        {
            services.AddSingleton<IAggregateStore>(sp => SqliteAggregateStore.Open(sp.GetRequiredService<IOptions<DataOptions>>().Value.SqlitePath));
            services.AddSingleton<JobStorage>(sp =>
                JobStorages.Sqlite(sp.GetRequiredService<IOptions<DataOptions>>().Value, new SQLiteStorageOptions { QueuePollInterval = PollInterval(sp) }));
        }

        if (redis is not null)
            services.AddSingleton<IPriceCache>(_ => Open("Redis", () => RedisPriceCache.OpenAsync(redis)));
        else
            services.AddSingleton<IPriceCache, InMemoryPriceCache>();
        return services;
    }

    private static TimeSpan PollInterval(IServiceProvider services) => services.GetRequiredService<IOptions<JobsOptions>>().Value.PollInterval;

    private static bool Is(string kind, string expected) => string.Equals(kind, expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>The bound options of a selected backend (null when it is not selected), adding its validation messages to <paramref name="problems"/>.</summary>
    private static T? Bind<T>(IConfiguration configuration, string section, bool selected, Action<T> validate, List<string> problems)
        where T : class, new()
    {
        if (!selected) return null;
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        try
        {
            validate(options);
        }
        catch (ValidationException e)
        {
            problems.Add(e.Message);
        }
        return options;
    }

    // Opening happens once, when the first service needs the backend; a host has no async factories, so it waits here.
    private static T Open<T>(string name, Func<Task<T>> open)
    {
        try
        {
            return open().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not BackendUnavailableException)
        {
            throw new BackendUnavailableException($"{name} is unavailable: {(e.InnerException ?? e).Message}", e);
        }
    }
}
