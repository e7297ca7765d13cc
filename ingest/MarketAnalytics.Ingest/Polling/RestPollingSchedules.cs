using Hangfire;
using MarketAnalytics.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Ingest.Polling;

/// <summary>Writes one recurring job per polled instrument (<c>poll:{venue}:{symbol}</c>, its venue's cron schedule in UTC) into
/// Hangfire's storage when a process that runs jobs starts; the dashboard and <c>GET /api/v1/jobs</c> list them with their runs.</summary>
public sealed class RestPollingSchedules(IRecurringJobManager manager, IOptions<RestPollingOptions> options) : IHostedService
{
    public static void Register(IRecurringJobManager manager, RestPollingOptions options)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        foreach (var (venue, polled) in options.Venues)
            foreach (var symbol in polled.Symbols)
            {
                var instrument = InstrumentId.Of(venue, symbol).ToString();
                manager.AddOrUpdate<RestPollingJob>(RestPollingJob.JobId(InstrumentId.Parse(instrument)), job => job.RunAsync(instrument, CancellationToken.None),
                    polled.Schedule, utc);
            }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Register(manager, options.Value);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
