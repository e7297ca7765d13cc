using System.CommandLine;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Api.Commands;

/// <summary><c>run</c>, <c>api</c>, <c>ingest</c> and <c>aggregate</c>: the long-running roles, each an HTTP host
/// (the api role serves the whole API, the others <c>/health</c> and <c>/metrics</c>).</summary>
public static class ServeCommand
{
    public static Command Create(Role role, string description)
    {
        var command = new Command(role.Name, description) { SettingOptions.DataDirectory, SettingOptions.Urls };
        if (role.Has(Area.Ingest)) command.Options.Add(SettingOptions.Source);
        command.SetAction(result => RunAsync(role, SettingOptions.Arguments(result)));
        return command;
    }

    private static async Task<int> RunAsync(Role role, string[] settings)
    {
        await using var app = MarketAnalyticsApp.CreateBuilder(settings, role).Build();
        app.MapMarketAnalytics(role);
        // Open the log before serving, so a data directory held by another process is reported at once.
        if (role.Has(Area.Ingest) || role.Has(Area.Aggregation)) app.Services.GetRequiredService<IMarketLog>();
        await app.RunAsync();
        return 0;
    }
}
