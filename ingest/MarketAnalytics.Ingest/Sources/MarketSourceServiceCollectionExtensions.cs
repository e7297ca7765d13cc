using MarketAnalytics.Ingest.GapFill;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Ingest.Sources;

/// <summary>Registers the live sources: the one call a host makes, and the helpers each venue's registration uses.</summary>
public static class MarketSourceServiceCollectionExtensions
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Adds a live reader for each of <paramref name="venues"/> (see <see cref="SourceSelection"/>), each an
    /// <see cref="IMarketSource"/> with its health check <c>source:{venue}</c>, and the gap-fill settings
    /// (<see cref="GapFillOptions.Section"/>). A host runs every registered <see cref="IMarketSource"/>.</summary>
    /// <remarks>Needs a <see cref="MarketRecorder"/>, the <see cref="Core.Ports.IMarketLog"/> and a <see cref="TimeProvider"/>.</remarks>
    public static IServiceCollection AddMarketSources(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<string> venues)
    {
        services.AddOptions<GapFillOptions>().Bind(configuration.GetSection(GapFillOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        foreach (var venue in venues) MarketVenues.Registrations[venue](services, configuration);
        return services;
    }

    /// <summary>For a venue's registration: binds its <typeparamref name="TOptions"/> (named after the venue) from
    /// <c>Ingest:Venues:{venue}</c>, validated at start, and adds the reader <paramref name="create"/> builds as an
    /// <see cref="IMarketSource"/> with its health check.</summary>
    /// <param name="defaultSymbols">The symbols read when <c>Symbols</c> is not configured; never mixed with configured ones.</param>
    /// <param name="defaults">Sets the venue's production addresses before configuration is bound over them.</param>
    public static IServiceCollection AddVenueSource<TOptions>(
        this IServiceCollection services, IConfiguration configuration, string venue, IReadOnlyList<string> defaultSymbols,
        Action<TOptions> defaults, Func<IServiceProvider, TOptions, IMarketSource> create) where TOptions : VenueOptions
    {
        services.AddOptions<TOptions>(venue)
            .Configure(defaults)
            .Bind(configuration.GetSection(VenueOptions.SectionOf(venue)))
            .PostConfigure(options =>
            {
                // Not a default set before binding: the binder appends a configured array to the one it finds.
                if (options.Symbols is not { Length: > 0 }) options.Symbols = [.. defaultSymbols];
                if (options.WebSocketUrl is not null && options.Symbols is { Length: > 0 }) options.Url = options.StreamUrl();
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => create(sp, sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(venue)));
        return services.AddSourceHealthCheck(venue);
    }

    /// <summary>For a venue whose reader fills gaps from a REST trade history: its <see cref="AddVenueRestClient"/>, and through
    /// <see cref="AddVenueSource{TOptions}"/> a <typeparamref name="TReader"/> built with <paramref name="history"/>'s
    /// <see cref="LiveGapFill"/> (the reader's constructor takes the options, the gap-fill and <paramref name="readerArguments"/>;
    /// the rest comes from the container).</summary>
    /// <param name="defaultSymbols">The symbols read when none are configured.</param>
    /// <param name="history">The venue's REST trade history over its named, rate-limited client and the bound options (the
    /// container gives what else it shares with the reader).</param>
    /// <param name="consecutiveIds">Whether the venue numbers each instrument's trades 1, 2, 3…, so that a skipped live id is
    /// filled at once rather than after the next reconnect.</param>
    /// <param name="readerArguments">Further arguments of the reader's constructor (Binance's market).</param>
    public static IServiceCollection AddGapFilledVenueSource<TOptions, TReader>(
        this IServiceCollection services, IConfiguration configuration, string venue, RateLimitPolicy policy, Action<TOptions> defaults,
        IReadOnlyList<string> defaultSymbols, Func<IServiceProvider, HttpClient, TOptions, ITradeHistory> history, bool consecutiveIds,
        params object[] readerArguments)
        where TOptions : VenueOptions where TReader : IMarketSource
    {
        services.AddVenueRestClient(venue, policy);
        return services.AddVenueSource<TOptions>(configuration, venue, defaultSymbols, defaults, (sp, options) =>
        {
            var gapFill = sp.CreateLiveGapFill(venue, history(sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(venue), options), consecutiveIds);
            return ActivatorUtilities.CreateInstance<TReader>(sp, [options, gapFill, .. readerArguments]);
        });
    }

    /// <summary>Adds the health check <c>source:{name}</c> of the registered <see cref="IMarketSource"/> of that name.</summary>
    public static IServiceCollection AddSourceHealthCheck(this IServiceCollection services, string name)
    {
        services.AddHealthChecks().Add(new HealthCheckRegistration($"source:{name}",
            sp => new SourceHealthCheck(sp.GetServices<IMarketSource>().Single(s => s.Name == name), sp.GetRequiredService<TimeProvider>()),
            HealthStatus.Degraded, [], CheckTimeout));
        return services;
    }

    /// <summary>For a venue's registration: the named <see cref="HttpClient"/> of its REST history, every request through one
    /// <see cref="RateLimitHandler"/> with <paramref name="policy"/> (kept for the process's life, so a rate-limit pause is
    /// honoured by every later request).</summary>
    public static IServiceCollection AddVenueRestClient(this IServiceCollection services, string venue, RateLimitPolicy policy)
    {
        services.AddHttpClient(venue, client => client.Timeout = TimeSpan.FromSeconds(30))
            .AddHttpMessageHandler(sp => new RateLimitHandler(policy, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RateLimitHandler>>()))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return services;
    }

    /// <summary>The gap-fill of a venue's reader: a <see cref="GapFiller"/> over <paramref name="history"/> and the triggers.</summary>
    public static LiveGapFill CreateLiveGapFill(this IServiceProvider services, string venue, ITradeHistory history, bool consecutiveIds)
    {
        var filler = new GapFiller(venue, history, services.GetRequiredService<MarketRecorder>(), services.GetRequiredService<IOptions<GapFillOptions>>().Value,
            services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<GapFiller>>());
        return new LiveGapFill(filler, services.GetRequiredService<Core.Ports.IMarketLog>(), services.GetRequiredService<MarketRecorder>(), consecutiveIds);
    }
}
