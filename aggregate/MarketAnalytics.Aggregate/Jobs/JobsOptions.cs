using System.ComponentModel.DataAnnotations;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>Settings of the scheduled jobs (section <c>Jobs</c>): each job's cron schedule (UTC) and what it covers.</summary>
public sealed class JobsOptions : IValidatableObject
{
    public const string Section = "Jobs";

    /// <summary><c>Jobs:Reconciliation</c>: reruns the last <c>Hours</c> whole hours from the log and repairs any difference.</summary>
    public ReconciliationSettings Reconciliation { get; set; } = new();

    /// <summary><c>Jobs:Retention</c>: drops raw log data older than <c>Days</c> days; aggregates stay.</summary>
    public RetentionSettings Retention { get; set; } = new();

    /// <summary><c>Jobs:Integrity</c>: checks that the last <c>Hours</c> whole hour aggregates equal the roll-up of their minutes.</summary>
    public IntegritySettings Integrity { get; set; } = new();

    /// <summary><c>Jobs:PollInterval</c>: how often the scheduler looks at the clock and at runs queued through the API.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>Jobs:LeaseDuration</c>: how long a job's lease lasts without renewal; a crashed instance's job can run
    /// elsewhere after this. Renewed every third of it while the job runs.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    public sealed class ReconciliationSettings
    {
        public string Schedule { get; set; } = "*/10 * * * *";

        public int Hours { get; set; } = 2;
    }

    public sealed class RetentionSettings
    {
        public string Schedule { get; set; } = "30 3 * * *";

        public int Days { get; set; } = 30;
    }

    public sealed class IntegritySettings
    {
        public string Schedule { get; set; } = "15 * * * *";

        public int Hours { get; set; } = 3;
    }

    /// <summary>The three recurring jobs with their parsed schedules (call after validation).</summary>
    public IReadOnlyList<RecurringJob> Recurring() =>
    [
        new(JobNames.Reconciliation, CronSchedule.Parse(Reconciliation.Schedule),
            $"Reruns the last {Reconciliation.Hours} whole hours from the log and repairs any difference"),
        new(JobNames.Retention, CronSchedule.Parse(Retention.Schedule),
            $"Drops raw log data older than {Retention.Days} days; aggregates stay"),
        new(JobNames.Integrity, CronSchedule.Parse(Integrity.Schedule),
            $"Checks that the last {Integrity.Hours} whole hour aggregates equal the roll-up of their minutes"),
    ];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, schedule) in new[]
                 {
                     ("Jobs:Reconciliation:Schedule", Reconciliation.Schedule), ("Jobs:Retention:Schedule", Retention.Schedule),
                     ("Jobs:Integrity:Schedule", Integrity.Schedule),
                 })
        {
            if (!CronSchedule.TryParse(schedule ?? "", out _, out var error))
                yield return new ValidationResult($"{key} is not a cron schedule: {error}");
        }
        if (Reconciliation.Hours is < 1 or > 168) yield return new ValidationResult("Jobs:Reconciliation:Hours must be between 1 and 168");
        if (Retention.Days is < 1 or > 36500) yield return new ValidationResult("Jobs:Retention:Days must be between 1 and 36500");
        if (Integrity.Hours is < 1 or > 168) yield return new ValidationResult("Jobs:Integrity:Hours must be between 1 and 168");
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(1))
            yield return new ValidationResult("Jobs:PollInterval must be between 10 ms and 1 minute");
        if (LeaseDuration < TimeSpan.FromSeconds(3) || LeaseDuration > TimeSpan.FromHours(1))
            yield return new ValidationResult("Jobs:LeaseDuration must be between 3 seconds and 1 hour");
    }
}
