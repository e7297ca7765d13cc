namespace MarketAnalytics.Core.Tests;

public sealed class ValidTimesTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("2009-01-03T00:00:00Z", true)]
    [InlineData("2009-01-02T23:59:59Z", false)]
    [InlineData("0001-01-01T00:00:00Z", false)]
    [InlineData("2026-12-08T12:00:00Z", true)]
    [InlineData("2026-12-08T12:00:01Z", false)]
    [InlineData("9999-12-31T23:59:59Z", false)]
    public void Trade_times_run_from_bitcoins_genesis_to_a_day_ahead_of_the_clock(string time, bool valid)
    {
        Assert.True(UtcTime.TryParse(time, out var parsed));
        Assert.Equal(valid, ValidTimes.IsTradeTime(parsed, Now));
    }

    [Fact]
    public void A_price_more_than_a_minute_ahead_of_the_clock_is_not_current()
    {
        Assert.True(ValidTimes.IsPriceTime(Now.AddMinutes(1), Now));
        Assert.False(ValidTimes.IsPriceTime(Now.AddMinutes(1).AddTicks(1), Now));
    }

    [Theory]
    [InlineData("1970-01-01T00:00:00Z", true)]
    [InlineData("2100-01-01T00:00:00Z", true)]
    [InlineData("1969-12-31T23:59:59Z", false)]
    [InlineData("2100-01-01T00:00:01Z", false)]
    [InlineData("0001-01-01T00:00:00Z", false)]
    [InlineData("9999-12-31T23:59:59Z", false)]
    public void Query_times_run_from_1970_to_2100(string time, bool valid)
    {
        Assert.True(UtcTime.TryParse(time, out var parsed));
        Assert.Equal(valid, ValidTimes.IsQueryTime(parsed));
    }
}
