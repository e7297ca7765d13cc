using MarketAnalytics.Api.Hosting;

namespace MarketAnalytics.Api.Commands;

/// <summary>The configured backends for a one-shot command (<c>import</c>, <c>candles</c>, …), without a web server.</summary>
/// <remarks>Disposing it closes the backends (the embedded log releases its data directory).</remarks>
public sealed class CommandHost : IAsyncDisposable
{
    private readonly IHost _host;

    private CommandHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static CommandHost Build(CommandLine line)
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
        return new CommandHost(builder.Build());
    }

    public ValueTask DisposeAsync() => ((IAsyncDisposable)_host).DisposeAsync();
}
