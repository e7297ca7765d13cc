using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Api.Commands;

/// <summary><c>run</c>, <c>api</c>, <c>ingest</c> and <c>aggregate</c>: the long-running roles, each an HTTP host
/// (the api role serves the whole API, the others <c>/health</c>).</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(CommandLine line, PipelineRoles roles)
    {
        line.AllowOnly();
        var builder = CreateBuilder(line.SettingArguments(), roles);
        await using var app = builder.Build();
        app.MapPipeline(roles);
        // Open the log before serving, so a data directory held by another process is reported at once.
        if (roles.HasFlag(PipelineRoles.Ingest) || roles.HasFlag(PipelineRoles.Aggregate)) app.Services.GetRequiredService<IMarketLog>();
        await app.RunAsync();
        return 0;
    }

    /// <summary>The web host of <paramref name="roles"/> with the backends of the configuration (tests add their own settings).</summary>
    public static WebApplicationBuilder CreateBuilder(string[] settings, PipelineRoles roles)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddPipeline(builder.Configuration, roles).AddApi();
        return builder;
    }
}
