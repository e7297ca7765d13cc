using Hangfire.Common;
using Hangfire.Server;

namespace MarketAnalytics.Jobs;

/// <summary>Records, as job parameters shown on the job's dashboard page, when the job's body started and finished (UTC) and on
/// which Hangfire server, and each run's duration and outcome in <see cref="JobMetrics"/> under the job's name.</summary>
/// <remarks>It runs inside <c>DisableConcurrentExecution</c> (a higher <see cref="JobFilterAttribute.Order"/>), so unlike the
/// Processing state's time these leave out the wait for another instance's run of the same job.</remarks>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RecordRunTimesAttribute : JobFilterAttribute, IServerFilter
{
    public const string StartedAt = "started_at";
    public const string FinishedAt = "finished_at";
    public const string Server = "server";

    private readonly string _job;

    public RecordRunTimesAttribute(string job)
    {
        _job = job;
        Order = 1;
    }

    public void OnPerforming(PerformingContext context)
    {
        context.SetJobParameter(Server, context.ServerId);
        var started = TimeProvider.System.GetUtcNow().UtcDateTime;
        context.Items[StartedAt] = started;
        context.SetJobParameter(StartedAt, started);
    }

    public void OnPerformed(PerformedContext context)
    {
        var finished = TimeProvider.System.GetUtcNow().UtcDateTime;
        context.SetJobParameter(FinishedAt, finished);
        JobMetrics.RecordRun(_job, failed: context.Exception is not null && !context.ExceptionHandled,
            finished - (DateTime)context.Items[StartedAt]);
    }
}
