using MarketAnalytics.Api.BinanceCompat;
using MarketAnalytics.Api.Dashboard;
using MarketAnalytics.Api.Endpoints;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Api.Market;
using MarketAnalytics.Ingest;

namespace MarketAnalytics.Api;

/// <summary>The whole application: the areas each <see cref="Role"/> adds, and what the serving roles map.</summary>
/// <remarks>Every setting comes from configuration (appsettings.json, environment variables such as <c>Log__Kind</c>, and the
/// command line's <c>--data-dir</c>, <c>--source</c>, <c>--urls</c>); each <c>Add…</c> validates its own settings at start.</remarks>
public static class MarketAnalyticsApp
{
    /// <summary>The web host of a serving role; <paramref name="settings"/> are configuration arguments (<c>--Key=value</c>).</summary>
    public static WebApplicationBuilder CreateBuilder(string[] settings, Role role)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddMarketAnalytics(role);
        return builder;
    }

    public static IHostApplicationBuilder AddMarketAnalytics(this IHostApplicationBuilder builder, Role role)
    {
        var (services, configuration) = (builder.Services, builder.Configuration);
        // Every process, one-shot commands too: the backends, the aggregation job and reruns, Hangfire's client (any process can
        // enqueue a rerun) and the recorder every source and the exchange write through.
        services.AddBackends(configuration);
        services.AddSingleton(PipelineStatus.Of(role, configuration));
        services.AddAggregation(configuration);
        services.AddJobs(configuration);
        services.AddSingleton<MarketRecorder>();

        // The areas of the role. Hosted services start in this order: the streaming job, the exchange's recovery, then the sources.
        if (role.Has(Area.Aggregation)) services.AddHostedService<AggregationService>().AddJobServer(configuration);
        if (role.Has(Area.Api)) services.AddExchange(configuration).AddMarketPush(configuration).AddBinanceCompat().AddApi();
        if (role.Has(Area.Ingest)) services.AddIngest(configuration);
        if (role.Serves) services.AddProblemDetails().AddObservability(configuration, role);
        return builder;
    }

    /// <summary>Maps <c>/health</c> (with <c>/health/live</c>, <c>/health/ready</c>) and <c>/metrics</c>, and for the api role every
    /// endpoint, Swagger UI at <c>/swagger</c>, Hangfire's dashboard at <c>/hangfire</c> and the market dashboard at <c>/</c>.</summary>
    public static WebApplication MapMarketAnalytics(this WebApplication app, Role role)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.MapPrometheusScrapingEndpoint();
        if (!role.Has(Area.Api)) return app;

        app.UseSwagger();
        app.UseSwaggerUI();
        app.MapAnalyticsEndpoints();
        app.MapCandleEndpoints();
        app.MapPriceEndpoints();
        app.MapJobsDashboard();
        app.MapJobEndpoints();
        app.MapExchangeEndpoints();
        app.MapMarketPush();
        app.MapBinanceCompat();
        return app;
    }
}
