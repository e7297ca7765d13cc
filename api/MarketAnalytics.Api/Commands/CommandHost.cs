using System.CommandLine;
using MarketAnalytics.Api.Hosting;

namespace MarketAnalytics.Api.Commands;

/// <summary>The configured backends for a one-shot command (<c>import</c>, <c>candles</c>, …), without a web server.</summary>
/// <remarks>Disposing it closes the backends (the embedded log releases its data directory).</remarks>
public sealed class CommandHost : IAsyncDisposable
{
    private readonly IHost _host;

    private CommandHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <summary>The host of a command line's settings (<c>--data-dir</c>).</summary>
    public static CommandHost Build(ParseResult result) => Build(SettingOptions.Arguments(result));

    /// <summary>The host of configuration arguments (<c>--DataDirectory=DIR</c>).</summary>
    /// <remarks>The settings a serving role reads (appsettings.json, environment variables, then the arguments) without the
    /// generic host's other defaults, which a command that runs for a second pays for and never uses: a file watch to reload
    /// the settings, debug and event-source logging. Warnings and errors go to standard error.</remarks>
    public static CommandHost Build(params string[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = settings,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddCommandLine(settings);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMarketAnalytics(Role.Command);
        return new CommandHost(builder.Build());
    }

    public ValueTask DisposeAsync() => ((IAsyncDisposable)_host).DisposeAsync();
}
