using Hangfire.Common;
using Hangfire.Server;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>Records, as job parameters shown on the job's dashboard page, when the job's body started and finished (UTC) and on
/// which Hangfire server.</summary>
/// <remarks>It runs inside <c>DisableConcurrentExecution</c> (a higher <see cref="JobFilterAttribute.Order"/>), so unlike the
/// Processing state's time these leave out the wait for another instance's run of the same job.</remarks>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RecordRunTimesAttribute : JobFilterAttribute, IServerFilter
{
    public const string StartedAt = "started_at";
    public const string FinishedAt = "finished_at";
    public const string Server = "server";

    public RecordRunTimesAttribute() => Order = 1;

    public void OnPerforming(PerformingContext context)
    {
        context.SetJobParameter(Server, context.ServerId);
        context.SetJobParameter(StartedAt, TimeProvider.System.GetUtcNow().UtcDateTime);
    }

    public void OnPerformed(PerformedContext context) => context.SetJobParameter(FinishedAt, TimeProvider.System.GetUtcNow().UtcDateTime);
}
