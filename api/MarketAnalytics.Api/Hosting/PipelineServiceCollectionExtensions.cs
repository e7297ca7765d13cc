using System.Text.Json;
using MarketAnalytics.Aggregate;
using MarketAnalytics.Aggregate.Reruns;
using MarketAnalytics.Api.BinanceCompat;
using MarketAnalytics.Api.Dashboard;
using MarketAnalytics.Api.Endpoints;
using MarketAnalytics.Api.Health;
using MarketAnalytics.Api.Market;
using MarketAnalytics.Core;
using MarketAnalytics.Ingest;
using MarketAnalytics.Ingest.Bitmex;
using MarketAnalytics.Ingest.Sources;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Registers the parts of the pipeline a process runs, on top of the configured backends.</summary>
public static class PipelineServiceCollectionExtensions
{
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration, PipelineRoles roles)
    {
        services.AddBackends(configuration);
        services.AddSingleton(new PipelineStatus { Role = RoleName(roles), Source = roles.HasFlag(PipelineRoles.Ingest) ? IngestSource.Text(configuration) : null });
        services.AddOptions<AggregationOptions>().Bind(configuration.GetSection(AggregationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AggregationJob>();
        services.AddSingleton<RerunEngine>();
        if (roles.HasFlag(PipelineRoles.Aggregate)) services.AddHostedService<AggregationService>();
        services.AddJobs(configuration, roles);
        services.AddSingleton<MarketRecorder>();
        if (roles.HasFlag(PipelineRoles.Api)) services.AddExchange(configuration).AddMarketPush(configuration).AddBinanceCompat();
        if (roles.HasFlag(PipelineRoles.Ingest))
        {
            var source = IngestSource.From(configuration);
            services.AddSingleton(source);
            services.AddHostedService<CurrentPriceWarmup>();
            if (source.Kind == IngestSource.Live) services.AddMarketSources(configuration, source.Venues);
            if (source.Kind == IngestSource.Replay)
                services.AddHealthChecks().Add(new HealthCheckRegistration("source:replay", sp => ActivatorUtilities.CreateInstance<ReplayHealthCheck>(sp), HealthStatus.Degraded, []));
            services.AddHostedService<IngestService>();
        }
        if (roles != PipelineRoles.None) services.AddObservability(configuration, roles);
        return services;
    }

    /// <summary>Adds what the HTTP endpoints need: problem details, Swagger and snake_case JSON.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        // Hangfire's dashboard checks the antiforgery token of its POSTs (trigger now, requeue, delete) when this is registered.
        services.AddAntiforgery();
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            var xml = Path.Combine(AppContext.BaseDirectory, "MarketAnalytics.Api.xml");
            if (File.Exists(xml)) options.IncludeXmlComments(xml);
        });
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddSingleton<InstrumentResolver>();
        services.AddSingleton<UserKeys>();
        return services;
    }

    /// <summary>Maps <c>/health</c> (with <c>/health/live</c> and <c>/health/ready</c>) and <c>/metrics</c>, and for the api role
    /// every endpoint, Swagger UI at <c>/swagger</c> and Hangfire's dashboard at <c>/hangfire</c>.</summary>
    public static WebApplication MapPipeline(this WebApplication app, PipelineRoles roles)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthEndpoints();
        app.MapPrometheusScrapingEndpoint();
        if (!roles.HasFlag(PipelineRoles.Api)) return app;
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

    internal static string RoleName(PipelineRoles roles) => roles switch
    {
        PipelineRoles.All => "run",
        PipelineRoles.Api => "api",
        PipelineRoles.Ingest => "ingest",
        PipelineRoles.Aggregate => "aggregate",
        _ => roles.ToString(),
    };
}
