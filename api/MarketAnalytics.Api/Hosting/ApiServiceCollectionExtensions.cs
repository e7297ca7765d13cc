using System.Text.Json;
using MarketAnalytics.Api.Auth;
using MarketAnalytics.Api.Endpoints;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Registers what the HTTP endpoints of the api role need: Swagger, snake_case JSON and the endpoints' own services.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        // Hangfire's dashboard checks the antiforgery token of its POSTs (trigger now, requeue, delete) when this is registered.
        services.AddAntiforgery();
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            var xml = Path.Combine(AppContext.BaseDirectory, "MarketAnalytics.Api.xml");
            if (File.Exists(xml)) options.IncludeXmlComments(xml);
            options.SchemaFilter<TextValueSchemaFilter>();
        });
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddSingleton<InstrumentResolver>();
        services.AddApiKeyAuthentication();
        return services;
    }
}
