using System.ComponentModel.DataAnnotations;
using MarketAnalytics.Aggregate.Jobs;

namespace MarketAnalytics.Aggregate.Tests.Jobs;

public sealed class JobsOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_schedule_the_three_jobs()
    {
        var options = new JobsOptions();
        Assert.Empty(Problems(options));
        Assert.Equal(
            [(JobNames.Reconciliation, "*/10 * * * *"), (JobNames.Retention, "30 3 * * *"), (JobNames.Integrity, "15 * * * *")],
            options.Schedules());
    }

    [Fact]
    public void Every_bad_setting_is_reported_by_its_name()
    {
        var options = new JobsOptions
        {
            Reconciliation = { Schedule = "*/10 * * *", Hours = 0 },
            Retention = { Schedule = "30 25 * * *", Days = 0 },
            Integrity = { Hours = 1000 },
            PollInterval = TimeSpan.Zero,
        };

        var problems = Problems(options);

        Assert.Contains("Jobs:Reconciliation:Schedule '*/10 * * *' is not a 5-field cron schedule (minute hour day-of-month month day-of-week, UTC)", problems);
        Assert.Contains(problems, p => p.StartsWith("Jobs:Retention:Schedule '30 25 * * *' is not", StringComparison.Ordinal));
        Assert.Contains("Jobs:Reconciliation:Hours must be between 1 and 168", problems);
        Assert.Contains("Jobs:Retention:Days must be between 1 and 36500", problems);
        Assert.Contains("Jobs:Integrity:Hours must be between 1 and 168", problems);
        Assert.Contains("Jobs:PollInterval must be between 10 ms and 1 minute", problems);
    }

    private static List<string> Problems(JobsOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }
}
