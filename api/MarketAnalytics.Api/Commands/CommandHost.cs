using MarketAnalytics.Api.Hosting;

namespace MarketAnalytics.Api.Commands;

/// <summary>The configured backends for a one-shot command (<c>import</c>, <c>candles</c>, …), without a web server.</summary>
public static class CommandHost
{
    public static IHost Build(CommandLine line)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = line.SettingArguments(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPipeline(builder.Configuration, PipelineRoles.None);
        return builder.Build();
    }
}
