using MarketAnalytics.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>Runs the jobs when their cron schedule comes due and as soon as a run of them is queued in the store (by the API),
/// recording every run in the store and holding the job's lease while it runs, so one instance runs a job at a time.</summary>
/// <remarks>Every time comes from the injected <see cref="TimeProvider"/>. Runs happen one after another on the scheduler's loop.
/// A due time missed while another run was going (or while the process was down) gives one run, not one per missed occurrence.
/// Two instances whose schedules come due together run the occurrence once: the one that gets the lease records the run, and the
/// other sees that record once the lease is free.</remarks>
public sealed class JobScheduler
{
    private readonly Dictionary<string, IJob> _jobs;
    private readonly IReadOnlyList<RecurringJob> _recurring;
    private readonly Dictionary<string, DateTime> _due = [];
    private readonly IJobStore _store;
    private readonly JobsOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<JobScheduler> _logger;

    public JobScheduler(IEnumerable<IJob> jobs, IJobStore store, IOptions<JobsOptions> options, TimeProvider clock, ILogger<JobScheduler> logger)
    {
        _jobs = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);
        _store = store;
        _options = options.Value;
        _recurring = _options.Recurring().Where(r => _jobs.ContainsKey(r.Name)).ToList();
        _clock = clock;
        _logger = logger;
        var now = Now;
        foreach (var job in _recurring) _due[job.Name] = job.Schedule.Next(now);
    }

    /// <summary>Who holds the leases this scheduler takes: machine, process and a per-scheduler suffix.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>When each recurring job next comes due (UTC).</summary>
    public IReadOnlyDictionary<string, DateTime> NextDue => _due;

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    /// <summary>Looks at the queue and the clock every <c>Jobs:PollInterval</c> until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await RunPendingAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                _logger.LogError(e, "The job scheduler's pass failed; trying again at the next poll");
            }
            await Task.Delay(_options.PollInterval, _clock, ct);
        }
    }

    /// <summary>One pass: starts every queued run it can take, then every recurring job that is due; returns when they have ended.</summary>
    public async Task RunPendingAsync(CancellationToken ct)
    {
        foreach (var queued in await _store.GetQueuedAsync(ct))
        {
            ct.ThrowIfCancellationRequested();
            if (!_jobs.TryGetValue(queued.Job, out var job))
            {
                if (await _store.TryStartQueuedAsync(queued.Id, Now, ct))
                    await _store.FinishAsync(queued.Id, Outcome(JobRunStatus.Failed, error: $"no job is called '{queued.Job}'"), ct);
                continue;
            }
            if (!await AcquireAsync(job.Name, ct)) continue;
            try
            {
                if (await _store.TryStartQueuedAsync(queued.Id, Now, ct)) await ExecuteAsync(job, queued.Id, queued.Parameters, ct);
            }
            finally
            {
                await _store.ReleaseLeaseAsync(job.Name, Holder, CancellationToken.None);
            }
        }

        foreach (var recurring in _recurring)
        {
            ct.ThrowIfCancellationRequested();
            var due = _due[recurring.Name];
            if (Now < due) continue;
            if (!await AcquireAsync(recurring.Name, ct)) continue;
            try
            {
                _due[recurring.Name] = recurring.Schedule.Next(Now);
                var recent = await _store.GetRunsAsync(recurring.Name, 20, ct);
                if (recent.Any(r => r.Trigger == JobTrigger.Schedule && r.StartedAt >= due))
                {
                    _logger.LogDebug("The {Job} run due at {Due} ran on another instance", recurring.Name, due);
                    continue;
                }
                var id = await _store.StartAsync(recurring.Name, JobTrigger.Schedule, "{}", Now, ct);
                await ExecuteAsync(_jobs[recurring.Name], id, "{}", ct);
            }
            finally
            {
                await _store.ReleaseLeaseAsync(recurring.Name, Holder, CancellationToken.None);
            }
        }
    }

    private async Task<bool> AcquireAsync(string job, CancellationToken ct)
    {
        if (!await _store.TryAcquireLeaseAsync(job, Holder, Now, _options.LeaseDuration, ct))
        {
            _logger.LogDebug("Another instance holds the lease of {Job}", job);
            return false;
        }
        // With the lease ours, a run still recorded as running belongs to an instance that stopped mid-run.
        var abandoned = await _store.FailRunningAsync(job, "abandoned: the instance running it stopped before it finished", Now, ct);
        if (abandoned > 0) _logger.LogWarning("Marked {Count} abandoned {Job} runs as failed", abandoned, job);
        return true;
    }

    private async Task ExecuteAsync(IJob job, long id, string parameters, CancellationToken ct)
    {
        _logger.LogInformation("Job {Job} run {Id} started", job.Name, id);
        using var lostLease = new CancellationTokenSource();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct, lostLease.Token);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewWhileRunningAsync(job.Name, lostLease, renewing.Token);
        JobOutcome outcome;
        try
        {
            var result = await job.RunAsync(parameters, run.Token);
            outcome = Outcome(result.Failure is null ? JobRunStatus.Succeeded : JobRunStatus.Failed, result, result.Failure);
        }
        catch (OperationCanceledException) when (lostLease.IsCancellationRequested)
        {
            outcome = Outcome(JobRunStatus.Failed, error: "stopped: the job's lease expired and another instance may have taken it");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = Outcome(JobRunStatus.Canceled, error: "canceled: the service stopped");
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Job {Job} run {Id} failed", job.Name, id);
            outcome = Outcome(JobRunStatus.Failed, error: e.Message);
        }
        await renewing.CancelAsync();
        await renewal;
        await _store.FinishAsync(id, outcome, CancellationToken.None);
        _logger.LogInformation("Job {Job} run {Id} {Status}: {Summary}{Error}", job.Name, id, outcome.Status, outcome.Summary, outcome.Error);
    }

    private async Task RenewWhileRunningAsync(string job, CancellationTokenSource lostLease, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.LeaseDuration / 3, _clock, stop);
                bool renewed;
                try
                {
                    renewed = await _store.RenewLeaseAsync(job, Holder, Now, _options.LeaseDuration, stop);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A store hiccup is not a lost lease: the lease lasts three renewal periods, so try again at the next one.
                    _logger.LogWarning(e, "Could not renew the lease of {Job}", job);
                    continue;
                }
                if (renewed) continue;
                _logger.LogWarning("Lost the lease of {Job}; stopping its run", job);
                await lostLease.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private JobOutcome Outcome(JobRunStatus status, JobResult? result = null, string? error = null) =>
        new(status, Now, result?.WindowsExamined ?? 0, result?.WindowsChanged ?? 0, result?.TradesRead ?? 0, result?.Summary, error);
}
