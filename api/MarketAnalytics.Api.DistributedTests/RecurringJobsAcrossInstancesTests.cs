using System.Text.Json;
using Hangfire;
using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Jobs;
using MarketAnalytics.Storage.Testing;

namespace MarketAnalytics.Api.DistributedTests;

/// <summary>Two <c>aggregate</c> processes share Hangfire's storage in PostgreSQL: each recurring job, triggered many times at
/// once, runs on both instances but never twice at the same time.</summary>
public sealed class RecurringJobsAcrossInstancesTests
{
    private const int TriggersPerJob = 6;
    private static readonly string[] Recurring = [JobNames.Reconciliation, JobNames.Retention, JobNames.Integrity];

    [BackendsFact]
    public async Task Two_aggregation_processes_never_run_the_same_recurring_job_at_once()
    {
        await using var backends = new DistributedBackends(partitions: 2);
        var schema = backends.NewSchema();
        var environment = backends.Environment(schema, DistributedBackends.NewGroup());
        environment["Jobs__PollInterval"] = "00:00:00.200";
        await using (var log = await backends.OpenLogAsync())
            await log.AppendTradesAsync(TradeStream.Generate(5_000, seed: 7), CancellationToken.None);

        using var dataA = new ScratchDirectory();
        using var dataB = new ScratchDirectory();
        using var a = ApiProcess.Start(environment, "aggregate", "--urls", "http://127.0.0.1:0", "--data-dir", dataA.Path);
        using var b = ApiProcess.Start(environment, "aggregate", "--urls", "http://127.0.0.1:0", "--data-dir", dataB.Path);
        await a.ListeningAsync();
        await b.ListeningAsync();

        var storage = JobStorages.Postgres(schema.Options, TimeSpan.FromMilliseconds(200));
        var monitoring = storage.GetMonitoringApi();
        await Eventually.TrueAsync(() => Task.FromResult(monitoring.Servers().Count == 2), "both instances' Hangfire servers are up");
        var manager = new RecurringJobManager(storage);
        for (var i = 0; i < TriggersPerJob; i++)
            foreach (var name in Recurring) manager.Trigger(name);
        await Eventually.TrueAsync(() => Task.FromResult(monitoring.SucceededListCount() >= Recurring.Length * TriggersPerJob),
            "every triggered run has succeeded", TimeSpan.FromMinutes(2));
        Assert.Equal(0, monitoring.FailedCount());

        using var connection = storage.GetConnection();
        var runs = monitoring.SucceededJobs(0, 1000).Select(j => j.Key).Select(id => (
                Job: Parameter<string>(connection, id, "RecurringJobId"),
                Server: Parameter<string>(connection, id, RecordRunTimesAttribute.Server),
                Started: Parameter<DateTime>(connection, id, RecordRunTimesAttribute.StartedAt),
                Finished: Parameter<DateTime>(connection, id, RecordRunTimesAttribute.FinishedAt)))
            .ToList();
        Assert.Equal(2, runs.Select(r => r.Server).Distinct().Count());
        foreach (var job in runs.GroupBy(r => r.Job))
        {
            Assert.True(job.Count() >= TriggersPerJob, $"{job.Key} ran {job.Count()} times");
            var ordered = job.OrderBy(r => r.Started).ToList();
            for (var i = 1; i < ordered.Count; i++)
                Assert.True(ordered[i].Started >= ordered[i - 1].Finished,
                    $"{job.Key} ran twice at once: on {ordered[i - 1].Server} {ordered[i - 1].Started:O}..{ordered[i - 1].Finished:O} " +
                    $"and on {ordered[i].Server} from {ordered[i].Started:O}");
        }
    }

    private static T Parameter<T>(Hangfire.Storage.IStorageConnection connection, string id, string name) =>
        JsonSerializer.Deserialize<T>(connection.GetJobParameter(id, name) ?? throw new InvalidOperationException($"job {id} has no {name}"))!;
}
