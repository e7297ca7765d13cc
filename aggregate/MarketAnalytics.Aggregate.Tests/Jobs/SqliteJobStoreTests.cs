using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.Sqlite;

namespace MarketAnalytics.Aggregate.Tests.Jobs;

/// <summary>The SQLite job store in a temporary file shared with the aggregate store, as in production.</summary>
public sealed class SqliteJobStoreTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 21, 13, 0, 0, DateTimeKind.Utc);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "marketanalytics-jobs-" + Guid.NewGuid().ToString("N"));
    private SqliteJobStore _store = null!;

    private string StorePath => Path.Combine(_directory, "aggregates.db");

    public Task InitializeAsync()
    {
        _store = SqliteJobStore.Open(StorePath);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_run_is_recorded_from_start_to_finish()
    {
        var id = await _store.StartAsync("reconciliation", JobTrigger.Schedule, "{}", Now, default);
        await _store.FinishAsync(id, new JobOutcome(JobRunStatus.Succeeded, Now.AddSeconds(3), 120, 2, 4500, "repaired 2 windows", null), default);

        var run = await _store.GetRunAsync(id, default);
        Assert.Equal(new JobRun(id, "reconciliation", JobTrigger.Schedule, "{}", JobRunStatus.Succeeded, Now, Now, Now.AddSeconds(3),
            120, 2, 4500, "repaired 2 windows", null), run);
        Assert.Equal(TimeSpan.FromSeconds(3), run!.Duration);
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_per_job_and_bounded()
    {
        for (var i = 0; i < 5; i++) await _store.StartAsync("integrity", JobTrigger.Schedule, "{}", Now.AddHours(i), default);
        await _store.QueueAsync("rerun", JobTrigger.RerunRequest, """{"from":"x"}""", Now.AddHours(9), default);

        var runs = await _store.GetRunsAsync("integrity", 3, default);
        Assert.Equal([Now.AddHours(4), Now.AddHours(3), Now.AddHours(2)], runs.Select(r => r.StartedAt!.Value));
        var recent = await _store.GetRecentRunsAsync(10, default);
        Assert.Equal(6, recent.Count);
        Assert.Equal(("rerun", JobTrigger.RerunRequest, JobRunStatus.Queued), (recent[0].Job, recent[0].Trigger, recent[0].Status));
        Assert.Null(recent[0].StartedAt);
    }

    [Fact]
    public async Task A_queued_run_is_started_once_even_by_two_stores_on_the_same_file()
    {
        await using var other = SqliteJobStore.Open(StorePath);
        var id = await _store.QueueAsync("retention", JobTrigger.Manual, "{}", Now, default);

        Assert.Equal([id], (await other.GetQueuedAsync(default)).Select(r => r.Id));
        Assert.True(await other.TryStartQueuedAsync(id, Now.AddSeconds(1), default));
        Assert.False(await _store.TryStartQueuedAsync(id, Now.AddSeconds(1), default));
        Assert.Empty(await _store.GetQueuedAsync(default));
        Assert.Equal(JobRunStatus.Running, (await _store.GetRunAsync(id, default))!.Status);
    }

    [Fact]
    public async Task A_lease_has_one_holder_until_it_expires_or_is_released()
    {
        var lease = TimeSpan.FromMinutes(2);
        Assert.True(await _store.TryAcquireLeaseAsync("reconciliation", "a", Now, lease, default));
        Assert.False(await _store.TryAcquireLeaseAsync("reconciliation", "b", Now.AddMinutes(1), lease, default));
        Assert.True(await _store.TryAcquireLeaseAsync("retention", "b", Now, lease, default));

        Assert.True(await _store.RenewLeaseAsync("reconciliation", "a", Now.AddMinutes(1), lease, default));
        Assert.False(await _store.TryAcquireLeaseAsync("reconciliation", "b", Now.AddMinutes(2.5), lease, default));
        Assert.True(await _store.TryAcquireLeaseAsync("reconciliation", "b", Now.AddMinutes(3), lease, default));
        Assert.False(await _store.RenewLeaseAsync("reconciliation", "a", Now.AddMinutes(3), lease, default));

        await _store.ReleaseLeaseAsync("reconciliation", "a", default);
        Assert.False(await _store.TryAcquireLeaseAsync("reconciliation", "a", Now.AddMinutes(3), lease, default));
        await _store.ReleaseLeaseAsync("reconciliation", "b", default);
        Assert.True(await _store.TryAcquireLeaseAsync("reconciliation", "a", Now.AddMinutes(3), lease, default));
    }

    [Fact]
    public async Task Runs_left_running_are_failed_by_the_next_lease_holder()
    {
        var running = await _store.StartAsync("integrity", JobTrigger.Schedule, "{}", Now, default);
        var done = await _store.StartAsync("integrity", JobTrigger.Schedule, "{}", Now, default);
        await _store.FinishAsync(done, new JobOutcome(JobRunStatus.Succeeded, Now, 0, 0, 0, null, null), default);

        Assert.Equal(1, await _store.FailRunningAsync("integrity", "abandoned", Now.AddMinutes(5), default));
        var run = (await _store.GetRunAsync(running, default))!;
        Assert.Equal((JobRunStatus.Failed, "abandoned", Now.AddMinutes(5)), (run.Status, run.Error, run.FinishedAt));
        Assert.Equal(JobRunStatus.Succeeded, (await _store.GetRunAsync(done, default))!.Status);
    }

    [Fact]
    public async Task The_job_tables_live_beside_the_aggregates_in_one_file()
    {
        await using var aggregates = SqliteAggregateStore.Open(StorePath);
        var id = await _store.QueueAsync("integrity", JobTrigger.Manual, "{}", Now, default);
        Assert.Empty(await aggregates.GetInstrumentsAsync(default));
        Assert.NotNull(await _store.GetRunAsync(id, default));
    }
}
