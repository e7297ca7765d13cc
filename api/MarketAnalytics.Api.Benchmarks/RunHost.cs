using System.Globalization;
using MarketAnalytics.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Api.Benchmarks;

/// <summary>The all-in-one <c>run</c> pipeline on 127.0.0.1 over a fresh data directory, reading XBTUSD from a BitMEX-protocol
/// server, for the latency measurements; disposing it stops the host and deletes the directory.</summary>
internal sealed class RunHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private RunHost(WebApplication app, string directory, Uri address) => (_app, _directory, Address) = (app, directory, address);

    public Uri Address { get; }

    public static async Task<RunHost> StartAsync(Uri bitmexUrl)
    {
        var directory = Directory.CreateTempSubdirectory("ma-latency-").FullName;
        var builder = MarketAnalyticsApp.CreateBuilder(
        [
            $"--DataDirectory={directory}", "--Urls=http://127.0.0.1:0", "--Ingest:Source=bitmex",
            $"--Ingest:Bitmex:Url={bitmexUrl}", "--Ingest:Bitmex:Symbols:0=XBTUSD",
        ], Role.Run);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("MarketAnalytics", LogLevel.Warning);
        var app = builder.Build();
        app.MapMarketAnalytics(Role.Run);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunHost(app, directory, new Uri(address));
    }

    /// <summary>The percentiles of <paramref name="latencies"/> (milliseconds; sorted here), as the measurements print them.</summary>
    public static string Percentiles(List<double> latencies)
    {
        latencies.Sort();
        double P(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {P(0.50):F2} ms, p90 {P(0.90):F2} ms, p99 {P(0.99):F2} ms, max {latencies[^1]:F2} ms");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
