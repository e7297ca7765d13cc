using System.ComponentModel.DataAnnotations;
using Cronos;

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

    /// <summary><c>Jobs:PollInterval</c>: how often Hangfire's server looks for enqueued jobs (the SQLite and PostgreSQL job
    /// storages' queue poll) and for due recurring and scheduled jobs; a rerun or a "trigger now" starts within about this long.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

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

    /// <summary>The three recurring jobs' names with their cron schedules, as configured.</summary>
    public IReadOnlyList<(string Name, string Schedule)> Schedules() =>
    [
        (JobNames.Reconciliation, Reconciliation.Schedule),
        (JobNames.Retention, Retention.Schedule),
        (JobNames.Integrity, Integrity.Schedule),
    ];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, schedule) in new[]
                 {
                     ("Jobs:Reconciliation:Schedule", Reconciliation.Schedule), ("Jobs:Retention:Schedule", Retention.Schedule),
                     ("Jobs:Integrity:Schedule", Integrity.Schedule),
                 })
        {
            if (!CronExpression.TryParse(schedule ?? "", CronFormat.Standard, out _))
                yield return new ValidationResult($"{key} '{schedule}' is not a 5-field cron schedule (minute hour day-of-month month day-of-week, UTC)");
        }
        if (Reconciliation.Hours is < 1 or > 168) yield return new ValidationResult("Jobs:Reconciliation:Hours must be between 1 and 168");
        if (Retention.Days is < 1 or > 36500) yield return new ValidationResult("Jobs:Retention:Days must be between 1 and 36500");
        if (Integrity.Hours is < 1 or > 168) yield return new ValidationResult("Jobs:Integrity:Hours must be between 1 and 168");
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(1))
            yield return new ValidationResult("Jobs:PollInterval must be between 10 ms and 1 minute");
    }
}
