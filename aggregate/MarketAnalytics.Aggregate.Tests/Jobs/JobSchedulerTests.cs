using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Aggregate.Tests.Jobs;

/// <summary>The scheduler on a manual clock over the real SQLite job and aggregate stores; each pass is called directly, so
/// nothing waits on wall time.</summary>
public sealed class JobSchedulerTests : IAsyncLifetime
{
    private static readonly InstrumentId Btc = InstrumentId.Parse("binance:BTCUSDT");
    private static readonly DateTime Start = new(2026, 11, 21, 13, 7, 0, DateTimeKind.Utc);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "marketanalytics-scheduler-" + Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new(Start);
    private SqliteJobStore _jobs = null!;
    private SqliteAggregateStore _aggregates = null!;

    private string StorePath => Path.Combine(_directory, "aggregates.db");

    public Task InitializeAsync()
    {
        _jobs = SqliteJobStore.Open(StorePath);
        _aggregates = SqliteAggregateStore.Open(StorePath);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _jobs.DisposeAsync();
        await _aggregates.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_job_runs_when_its_schedule_comes_due_and_not_before()
    {
        var scheduler = Scheduler(new IntegrityJob(_aggregates, Options(), _clock));
        Assert.Equal(Start.Date.AddHours(13).AddMinutes(15), scheduler.NextDue[JobNames.Integrity]);

        _clock.Set(Start.Date.AddHours(13).AddMinutes(14).AddSeconds(59));
        await scheduler.RunPendingAsync(default);
        Assert.Empty(await _jobs.GetRunsAsync(JobNames.Integrity, 10, default));

        _clock.Set(Start.Date.AddHours(13).AddMinutes(15));
        await scheduler.RunPendingAsync(default);
        await scheduler.RunPendingAsync(default);
        var run = Assert.Single(await _jobs.GetRunsAsync(JobNames.Integrity, 10, default));
        Assert.Equal((JobTrigger.Schedule, JobRunStatus.Succeeded), (run.Trigger, run.Status));
        Assert.Equal(_clock.UtcNow, run.StartedAt);
        Assert.Equal(Start.Date.AddHours(14).AddMinutes(15), scheduler.NextDue[JobNames.Integrity]);
    }

    [Fact]
    public async Task Integrity_fails_listing_an_hour_that_differs_from_its_minutes()
    {
        var hour = new DateTime(2026, 11, 21, 11, 0, 0, DateTimeKind.Utc);
        var aggregator = new TradeAggregator();
        aggregator.Add(new Trade(Btc, "1", hour.AddMinutes(3), 100m, 1m, 100m, TakerSide.Buy));
        aggregator.Add(new Trade(Btc, "2", hour.AddMinutes(4), 101m, 2m, 202m, TakerSide.Sell));
        aggregator.Add(new Trade(Btc, "3", hour.AddHours(1).AddMinutes(1), 102m, 1m, 102m, TakerSide.Sell));
        var deltas = aggregator.TakeDeltas();
        // The 11:00 hour loses its second trade, as if a commit had written the minutes but not the hour.
        var broken = deltas.Select(c => c.Interval == CandleInterval.OneHour && c.OpenTime == hour ? c with { Count = 1, Volume = 1m } : c).ToList();
        await _aggregates.CommitAsync("test", broken, [], default);
        var scheduler = Scheduler(new IntegrityJob(_aggregates, Options(), _clock));

        var id = await _jobs.QueueAsync(JobNames.Integrity, JobTrigger.Manual, "{}", _clock.UtcNow, default);
        await scheduler.RunPendingAsync(default);

        var run = (await _jobs.GetRunAsync(id, default))!;
        Assert.Equal(JobRunStatus.Failed, run.Status);
        Assert.Equal((2, 1), (run.WindowsExamined, run.WindowsChanged));
        Assert.Contains("binance:BTCUSDT 1h 2026-11-21T11:00Z: hour holds 1 trades volume 1, minutes 2 trades volume 3", run.Error);
        Assert.DoesNotContain("12:00", run.Error);
    }

    [Fact]
    public async Task A_queued_manual_trigger_runs_at_the_next_pass()
    {
        var job = new CountingJob(JobNames.Retention);
        var scheduler = Scheduler(job);
        var id = await _jobs.QueueAsync(JobNames.Retention, JobTrigger.Manual, "{}", _clock.UtcNow, default);
        _clock.Advance(TimeSpan.FromSeconds(1));

        await scheduler.RunPendingAsync(default);

        Assert.Equal(1, job.Runs);
        var run = (await _jobs.GetRunAsync(id, default))!;
        Assert.Equal((JobRunStatus.Succeeded, Start, Start.AddSeconds(1)), (run.Status, run.QueuedAt, run.StartedAt!.Value));
        Assert.Equal("ran 1 time", run.Summary);
        Assert.Empty(await _jobs.GetQueuedAsync(default));
    }

    [Fact]
    public async Task A_lease_held_by_another_instance_keeps_the_job_from_running_here()
    {
        var job = new CountingJob(JobNames.Retention);
        var scheduler = Scheduler(job);
        Assert.True(await _jobs.TryAcquireLeaseAsync(JobNames.Retention, "other-instance", _clock.UtcNow, TimeSpan.FromMinutes(2), default));
        var id = await _jobs.QueueAsync(JobNames.Retention, JobTrigger.Manual, "{}", _clock.UtcNow, default);

        await scheduler.RunPendingAsync(default);
        Assert.Equal(0, job.Runs);
        Assert.Equal(JobRunStatus.Queued, (await _jobs.GetRunAsync(id, default))!.Status);

        _clock.Advance(TimeSpan.FromMinutes(2));
        await scheduler.RunPendingAsync(default);
        Assert.Equal(1, job.Runs);
        Assert.Equal(JobRunStatus.Succeeded, (await _jobs.GetRunAsync(id, default))!.Status);
    }

    [Fact]
    public async Task Two_instances_due_together_run_the_occurrence_once()
    {
        var first = new CountingJob(JobNames.Retention);
        var second = new CountingJob(JobNames.Retention);
        var a = Scheduler(first);
        var b = Scheduler(second);
        _clock.Set(new DateTime(2026, 11, 22, 3, 30, 0, DateTimeKind.Utc));

        await a.RunPendingAsync(default);
        await b.RunPendingAsync(default);

        Assert.Equal(1, first.Runs + second.Runs);
        Assert.Single(await _jobs.GetRunsAsync(JobNames.Retention, 10, default));
    }

    [Fact]
    public async Task A_second_instance_cannot_start_a_job_while_the_first_runs_it()
    {
        using var release = new SemaphoreSlim(0);
        var blocking = new CountingJob(JobNames.Retention, release);
        var other = new CountingJob(JobNames.Retention);
        var a = Scheduler(blocking);
        var b = Scheduler(other);
        await _jobs.QueueAsync(JobNames.Retention, JobTrigger.Manual, "{}", _clock.UtcNow, default);
        await _jobs.QueueAsync(JobNames.Retention, JobTrigger.Manual, "{}", _clock.UtcNow, default);

        var running = a.RunPendingAsync(default);
        await blocking.Started.Task;
        await b.RunPendingAsync(default);
        Assert.Equal(0, other.Runs);
        release.Release(2);
        await running;

        Assert.Equal(2, blocking.Runs);
        Assert.All(await _jobs.GetRunsAsync(JobNames.Retention, 10, default), r => Assert.Equal(JobRunStatus.Succeeded, r.Status));
    }

    [Fact]
    public async Task A_throwing_job_is_recorded_as_failed_with_its_message_and_a_run_for_an_unknown_job_fails()
    {
        var scheduler = Scheduler(new CountingJob(JobNames.Retention, failWith: "disk full"));
        var failing = await _jobs.QueueAsync(JobNames.Retention, JobTrigger.Manual, "{}", _clock.UtcNow, default);
        var unknown = await _jobs.QueueAsync("vacuum", JobTrigger.Manual, "{}", _clock.UtcNow, default);

        await scheduler.RunPendingAsync(default);

        Assert.Equal((JobRunStatus.Failed, "disk full"), Outcome(await _jobs.GetRunAsync(failing, default)));
        Assert.Equal((JobRunStatus.Failed, "no job is called 'vacuum'"), Outcome(await _jobs.GetRunAsync(unknown, default)));
    }

    [Fact]
    public async Task A_run_left_running_by_a_stopped_instance_is_failed_when_the_lease_moves_on()
    {
        var abandoned = await _jobs.StartAsync(JobNames.Retention, JobTrigger.Manual, "{}", _clock.UtcNow, default);
        var scheduler = Scheduler(new CountingJob(JobNames.Retention));
        await _jobs.QueueAsync(JobNames.Retention, JobTrigger.Manual, "{}", _clock.UtcNow, default);

        await scheduler.RunPendingAsync(default);

        var run = (await _jobs.GetRunAsync(abandoned, default))!;
        Assert.Equal(JobRunStatus.Failed, run.Status);
        Assert.StartsWith("abandoned", run.Error);
    }

    private static (JobRunStatus, string?) Outcome(JobRun? run) => (run!.Status, run.Error);

    private JobScheduler Scheduler(params IJob[] jobs) =>
        new(jobs, _jobs, Options(), _clock, NullLogger<JobScheduler>.Instance);

    private static IOptions<JobsOptions> Options() => Microsoft.Extensions.Options.Options.Create(new JobsOptions());

    /// <summary>A job that counts its runs, optionally waiting for the test's permission to finish or failing.</summary>
    private sealed class CountingJob(string name, SemaphoreSlim? release = null, string? failWith = null) : IJob
    {
        private int _runs;

        public string Name => name;

        public int Runs => _runs;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<JobResult> RunAsync(string parameters, CancellationToken ct)
        {
            Started.TrySetResult();
            if (release is not null) await release.WaitAsync(ct);
            if (failWith is not null) throw new InvalidOperationException(failWith);
            var runs = Interlocked.Increment(ref _runs);
            return new JobResult(0, 0, 0, $"ran {runs} time");
        }
    }
}
