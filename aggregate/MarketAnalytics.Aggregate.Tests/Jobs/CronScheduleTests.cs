using MarketAnalytics.Aggregate.Jobs;

namespace MarketAnalytics.Aggregate.Tests.Jobs;

public sealed class CronScheduleTests
{
    private static DateTime Utc(int day, int hour, int minute, int second = 0) => new(2026, 11, day, hour, minute, second, DateTimeKind.Utc);

    [Theory]
    [InlineData("*/10 * * * *", 13, 47, 13, 50)]
    [InlineData("*/10 * * * *", 13, 50, 14, 0)]
    [InlineData("5 * * * *", 13, 4, 13, 5)]
    [InlineData("5 * * * *", 13, 5, 14, 5)]
    [InlineData("0,30 9-17 * * *", 12, 31, 13, 0)]
    [InlineData("15-45/15 * * * *", 13, 46, 14, 15)]
    public void Next_is_the_first_matching_minute_strictly_after(string expression, int hour, int minute, int nextHour, int nextMinute)
    {
        var next = CronSchedule.Parse(expression).Next(Utc(21, hour, minute));
        Assert.Equal(Utc(21, nextHour, nextMinute), next);
        Assert.Equal(DateTimeKind.Utc, next.Kind);
    }

    [Fact]
    public void A_daily_schedule_moves_to_the_next_day_once_its_time_has_passed()
    {
        var schedule = CronSchedule.Parse("0 3 * * *");
        Assert.Equal(Utc(21, 3, 0), schedule.Next(Utc(21, 2, 59, 59)));
        Assert.Equal(Utc(22, 3, 0), schedule.Next(Utc(21, 3, 0, 30)));
    }

    [Fact]
    public void Day_of_week_counts_from_sunday_and_seven_is_sunday_too()
    {
        // 2026-11-21 is a Saturday.
        Assert.Equal(Utc(22, 0, 0), CronSchedule.Parse("0 0 * * 0").Next(Utc(21, 12, 0)));
        Assert.Equal(Utc(22, 0, 0), CronSchedule.Parse("0 0 * * 7").Next(Utc(21, 12, 0)));
        Assert.Equal(Utc(23, 0, 0), CronSchedule.Parse("0 0 * * 1-5").Next(Utc(21, 12, 0)));
    }

    [Fact]
    public void Day_of_month_or_day_of_week_matches_when_both_are_restricted()
    {
        // The 25th (a Wednesday) or any Monday: Monday the 23rd comes first.
        Assert.Equal(Utc(23, 0, 0), CronSchedule.Parse("0 0 25 * 1").Next(Utc(21, 12, 0)));
    }

    [Fact]
    public void Month_and_leap_day_schedules_skip_to_their_dates()
    {
        Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), CronSchedule.Parse("0 0 1 1 *").Next(Utc(21, 12, 0)));
        Assert.Equal(new DateTime(2028, 2, 29, 12, 0, 0, DateTimeKind.Utc), CronSchedule.Parse("0 12 29 2 *").Next(Utc(21, 12, 0)));
    }

    [Fact]
    public void A_schedule_that_never_occurs_says_so()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CronSchedule.Parse("0 0 31 2 *").Next(Utc(21, 0, 0)));
        Assert.Contains("never occurs", error.Message);
    }

    [Theory]
    [InlineData("* * * *", "5")]
    [InlineData("60 * * * *", "minute")]
    [InlineData("* 24 * * *", "hour")]
    [InlineData("* * 0 * *", "day of month")]
    [InlineData("* * * 13 *", "month")]
    [InlineData("* * * * 8", "day of week")]
    [InlineData("*/0 * * * *", "minute")]
    [InlineData("* 5-2 * * *", "hour")]
    [InlineData("* * * jan *", "month")]
    [InlineData("1,,2 * * * *", "minute")]
    public void Errors_name_the_bad_field(string expression, string named)
    {
        var error = Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));
        Assert.Contains(named, error.Message);
    }
}
