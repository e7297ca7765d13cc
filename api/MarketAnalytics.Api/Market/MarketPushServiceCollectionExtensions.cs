using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Api.Market;

/// <summary>Registers the market push (hub, change tracking, event pump) for the api role; <see cref="MapMarketPush"/> maps its
/// endpoints and the market dashboard at <c>/</c>.</summary>
public static class MarketPushServiceCollectionExtensions
{
    public static IServiceCollection AddMarketPush(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MarketPushOptions>().Bind(configuration.GetSection(MarketPushOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MarketChanges>();
        services.AddSingleton<MarketHub>();
        services.AddSingleton<IRecordingObserver>(sp => sp.GetRequiredService<MarketHub>());
        services.AddHostedService<MarketEventPump>();
        return services;
    }

    public static WebApplication MapMarketPush(this WebApplication app)
    {
        app.UseWebSockets();
        app.MapMarketStreamEndpoints();
        app.MapMarketDashboard();
        return app;
    }
}
