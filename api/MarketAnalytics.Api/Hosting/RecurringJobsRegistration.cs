using Hangfire;
using MarketAnalytics.Aggregate.Jobs;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Writes the recurring jobs with their configured schedules into Hangfire's storage when a role that runs jobs starts.</summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager manager, IOptions<JobsOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        RecurringJobSchedules.Register(manager, options.Value);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
