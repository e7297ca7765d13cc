using System.Globalization;
using Hangfire;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Jobs;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>Drops raw log data older than <c>Jobs:Retention:Days</c> days; the aggregates derived from it stay in the store.</summary>
/// <remarks>The log drops whole storage units (segments), so some records just older than the cutoff may remain until their
/// segment is wholly past it.</remarks>
public sealed class RetentionJob(ILogHistory log, IOptions<JobsOptions> options, TimeProvider clock)
{
    [JobDisplayName(JobNames.Retention)]
    [DisableConcurrentExecution(JobLock.TimeoutSeconds)]
    [AutomaticRetry(Attempts = 0)]
    [RecordRunTimes(JobNames.Retention)]
    public async Task<JobResult> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.Retention.Days);
        var dropped = await log.DeleteBeforeAsync(cutoff, ct);
        return new JobResult(0, 0, 0,
            $"dropped {dropped} log segments with data before {cutoff.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}");
    }
}
