using MarketAnalytics.Core.Ports;
using Xunit;

namespace MarketAnalytics.Storage.Testing;

/// <summary>What every <see cref="IJobStore"/> must do, written once; each store's test project derives a class that opens its
/// store on storage of the test's own.</summary>
/// <remarks>Several stores opened on the same storage stand for several processes (the api role and aggregate replicas).</remarks>
public abstract class JobStoreContract : IAsyncLifetime
{
    protected static readonly DateTime Now = new(2026, 11, 21, 13, 0, 0, DateTimeKind.Utc);

    /// <summary>The store the tests use, opened before each test.</summary>
    protected IJobStore Store { get; private set; } = null!;

    /// <summary>Opens another store on this test's storage, as another process would.</summary>
    protected abstract Task<IJobStore> OpenAsync();

    /// <summary>Removes this test's storage once its stores are disposed.</summary>
    protected abstract Task DeleteAsync();

    public async Task InitializeAsync() => Store = await OpenAsync();

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await DeleteAsync();
    }

    [ContractFact]
    public async Task A_run_is_recorded_from_start_to_finish()
    {
        var id = await Store.StartAsync("reconciliation", JobTrigger.Schedule, "{}", Now, default);
        await Store.FinishAsync(id, new JobOutcome(JobRunStatus.Succeeded, Now.AddSeconds(3), 120, 2, 4500, "repaired 2 windows", null), default);

        var run = await Store.GetRunAsync(id, default);
        Assert.Equal(new JobRun(id, "reconciliation", JobTrigger.Schedule, "{}", JobRunStatus.Succeeded, Now, Now, Now.AddSeconds(3),
            120, 2, 4500, "repaired 2 windows", null), run);
        Assert.Equal(TimeSpan.FromSeconds(3), run!.Duration);
    }

    [ContractFact]
    public async Task A_failed_run_keeps_its_error_and_exact_times()
    {
        var queuedAt = Now.AddTicks(1234567);
        var id = await Store.QueueAsync("integrity", JobTrigger.Manual, "{}", queuedAt, default);
        Assert.True(await Store.TryStartQueuedAsync(id, queuedAt.AddTicks(1), default));
        await Store.FinishAsync(id, new JobOutcome(JobRunStatus.Failed, queuedAt.AddTicks(2), 3, 0, 0, null, "2 windows differ"), default);

        Assert.Equal(new JobRun(id, "integrity", JobTrigger.Manual, "{}", JobRunStatus.Failed, queuedAt, queuedAt.AddTicks(1),
            queuedAt.AddTicks(2), 3, 0, 0, null, "2 windows differ"), await Store.GetRunAsync(id, default));
    }

    [ContractFact]
    public async Task An_unknown_run_is_not_found()
    {
        Assert.Null(await Store.GetRunAsync(42, default));
    }

    [ContractFact]
    public async Task Runs_are_listed_newest_first_per_job_and_bounded()
    {
        for (var i = 0; i < 5; i++) await Store.StartAsync("integrity", JobTrigger.Schedule, "{}", Now.AddHours(i), default);
        await Store.QueueAsync("rerun", JobTrigger.RerunRequest, """{"from":"x"}""", Now.AddHours(9), default);

        var runs = await Store.GetRunsAsync("integrity", 3, default);
        Assert.Equal([Now.AddHours(4), Now.AddHours(3), Now.AddHours(2)], runs.Select(r => r.StartedAt!.Value));
        var recent = await Store.GetRecentRunsAsync(10, default);
        Assert.Equal(6, recent.Count);
        Assert.Equal(("rerun", JobTrigger.RerunRequest, JobRunStatus.Queued), (recent[0].Job, recent[0].Trigger, recent[0].Status));
        Assert.Equal("""{"from":"x"}""", recent[0].Parameters);
        Assert.Null(recent[0].StartedAt);
        Assert.Equal(2, (await Store.GetRecentRunsAsync(2, default)).Count);
    }

    [ContractFact]
    public async Task Queued_runs_are_listed_oldest_first()
    {
        var first = await Store.QueueAsync("retention", JobTrigger.Manual, "{}", Now, default);
        await Store.StartAsync("integrity", JobTrigger.Schedule, "{}", Now, default);
        var second = await Store.QueueAsync("rerun", JobTrigger.RerunRequest, "{}", Now, default);

        Assert.Equal([first, second], (await Store.GetQueuedAsync(default)).Select(r => r.Id));
    }

    [ContractFact]
    public async Task A_queued_run_is_started_once_even_by_two_stores_on_the_same_storage()
    {
        await using var other = await OpenAsync();
        var id = await Store.QueueAsync("retention", JobTrigger.Manual, "{}", Now, default);

        Assert.Equal([id], (await other.GetQueuedAsync(default)).Select(r => r.Id));
        Assert.True(await other.TryStartQueuedAsync(id, Now.AddSeconds(1), default));
        Assert.False(await Store.TryStartQueuedAsync(id, Now.AddSeconds(1), default));
        Assert.Empty(await Store.GetQueuedAsync(default));
        Assert.Equal(JobRunStatus.Running, (await Store.GetRunAsync(id, default))!.Status);
    }

    [ContractFact]
    public async Task Of_many_schedulers_racing_to_start_a_queued_run_exactly_one_does()
    {
        var stores = await OpenOthersAsync(3);
        try
        {
            var id = await Store.QueueAsync("retention", JobTrigger.Manual, "{}", Now, default);
            var started = await Task.WhenAll(stores.Append(Store).SelectMany(s => Enumerable.Range(0, 2)
                .Select(_ => Task.Run(() => s.TryStartQueuedAsync(id, Now.AddSeconds(1), default)))));
            Assert.Single(started, s => s);
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    [ContractFact]
    public async Task A_lease_has_one_holder_until_it_expires_or_is_released()
    {
        var lease = TimeSpan.FromMinutes(2);
        Assert.True(await Store.TryAcquireLeaseAsync("reconciliation", "a", Now, lease, default));
        Assert.False(await Store.TryAcquireLeaseAsync("reconciliation", "b", Now.AddMinutes(1), lease, default));
        Assert.True(await Store.TryAcquireLeaseAsync("retention", "b", Now, lease, default));

        Assert.True(await Store.RenewLeaseAsync("reconciliation", "a", Now.AddMinutes(1), lease, default));
        Assert.False(await Store.TryAcquireLeaseAsync("reconciliation", "b", Now.AddMinutes(2.5), lease, default));
        Assert.True(await Store.TryAcquireLeaseAsync("reconciliation", "b", Now.AddMinutes(3), lease, default));
        Assert.False(await Store.RenewLeaseAsync("reconciliation", "a", Now.AddMinutes(3), lease, default));

        await Store.ReleaseLeaseAsync("reconciliation", "a", default);
        Assert.False(await Store.TryAcquireLeaseAsync("reconciliation", "a", Now.AddMinutes(3), lease, default));
        await Store.ReleaseLeaseAsync("reconciliation", "b", default);
        Assert.True(await Store.TryAcquireLeaseAsync("reconciliation", "a", Now.AddMinutes(3), lease, default));
    }

    [ContractFact]
    public async Task The_holder_may_take_its_own_lease_again_and_extend_it()
    {
        var lease = TimeSpan.FromMinutes(2);
        Assert.True(await Store.TryAcquireLeaseAsync("integrity", "a", Now, lease, default));
        Assert.True(await Store.TryAcquireLeaseAsync("integrity", "a", Now.AddMinutes(1), lease, default));

        Assert.False(await Store.TryAcquireLeaseAsync("integrity", "b", Now.AddMinutes(2.5), lease, default));
        Assert.True(await Store.TryAcquireLeaseAsync("integrity", "b", Now.AddMinutes(3), lease, default));
    }

    [ContractFact]
    public async Task Of_many_schedulers_racing_for_an_expired_lease_exactly_one_wins()
    {
        var lease = TimeSpan.FromMinutes(2);
        Assert.True(await Store.TryAcquireLeaseAsync("reconciliation", "gone", Now, lease, default));
        var stores = await OpenOthersAsync(3);
        try
        {
            var holders = stores.Append(Store).SelectMany((s, i) => Enumerable.Range(0, 2).Select(j => (Store: s, Holder: $"instance-{i}-{j}")))
                .ToArray();
            var won = await Task.WhenAll(holders.Select(h =>
                Task.Run(() => h.Store.TryAcquireLeaseAsync("reconciliation", h.Holder, Now.AddMinutes(5), lease, default))));

            var winner = Assert.Single(holders.Zip(won), p => p.Second).First.Holder;
            Assert.True(await Store.RenewLeaseAsync("reconciliation", winner, Now.AddMinutes(6), lease, default));
            Assert.False(await Store.RenewLeaseAsync("reconciliation", "gone", Now.AddMinutes(6), lease, default));
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    [ContractFact]
    public async Task Runs_left_running_are_failed_by_the_next_lease_holder()
    {
        var running = await Store.StartAsync("integrity", JobTrigger.Schedule, "{}", Now, default);
        var done = await Store.StartAsync("integrity", JobTrigger.Schedule, "{}", Now, default);
        var other = await Store.StartAsync("retention", JobTrigger.Schedule, "{}", Now, default);
        await Store.FinishAsync(done, new JobOutcome(JobRunStatus.Succeeded, Now, 0, 0, 0, null, null), default);

        Assert.Equal(1, await Store.FailRunningAsync("integrity", "abandoned", Now.AddMinutes(5), default));
        var run = (await Store.GetRunAsync(running, default))!;
        Assert.Equal((JobRunStatus.Failed, "abandoned", Now.AddMinutes(5)), (run.Status, run.Error, run.FinishedAt));
        Assert.Equal(JobRunStatus.Succeeded, (await Store.GetRunAsync(done, default))!.Status);
        Assert.Equal(JobRunStatus.Running, (await Store.GetRunAsync(other, default))!.Status);
    }

    private async Task<List<IJobStore>> OpenOthersAsync(int count)
    {
        var stores = new List<IJobStore>();
        for (var i = 0; i < count; i++) stores.Add(await OpenAsync());
        return stores;
    }
}
