namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>A unit of maintenance work the <see cref="JobScheduler"/> runs on schedule or on request, one instance at a time.</summary>
public interface IJob
{
    /// <summary>The job's name in configuration, the store and the API (<c>reconciliation</c>, <c>retention</c>, …).</summary>
    string Name { get; }

    /// <summary>Does the work; <paramref name="parameters"/> is the JSON the run was queued with (<c>{}</c> when scheduled).</summary>
    /// <remarks>A finding that makes the run fail (e.g. mismatching windows) is returned in <see cref="JobResult.Failure"/>;
    /// exceptions fail the run with their message.</remarks>
    Task<JobResult> RunAsync(string parameters, CancellationToken ct);
}
