namespace MarketAnalytics.Core.Tests;

public class CandleIntervalTests
{
    [Theory]
    [InlineData("1m", 1)]
    [InlineData("3m", 3)]
    [InlineData("5m", 5)]
    [InlineData("15m", 15)]
    [InlineData("30m", 30)]
    [InlineData("1h", 60)]
    [InlineData("2h", 120)]
    [InlineData("4h", 240)]
    [InlineData("6h", 360)]
    [InlineData("8h", 480)]
    [InlineData("12h", 720)]
    [InlineData("1d", 1440)]
    public void Names_parse_to_their_interval(string name, int minutes)
    {
        Assert.True(CandleInterval.TryParse(name, out var interval));
        Assert.Equal(minutes, interval.Minutes);
        Assert.Equal(name, interval.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1M")]
    [InlineData("60m")]
    [InlineData("3d")]
    [InlineData(" 1m")]
    public void Unknown_names_are_rejected(string? name) => Assert.False(CandleInterval.TryParse(name, out _));

    [Theory]
    [InlineData("1m", "2026-11-21T13:47:59.9999999", "2026-11-21T13:47:00")]
    [InlineData("5m", "2026-11-21T13:47:31", "2026-11-21T13:45:00")]
    [InlineData("15m", "2026-11-21T13:47:31", "2026-11-21T13:45:00")]
    [InlineData("15m", "2026-11-21T13:44:59.9999999", "2026-11-21T13:30:00")]
    [InlineData("1h", "2026-11-21T13:47:31", "2026-11-21T13:00:00")]
    [InlineData("4h", "2026-11-21T13:47:31", "2026-11-21T12:00:00")]
    [InlineData("4h", "2026-11-21T03:59:59", "2026-11-21T00:00:00")]
    [InlineData("8h", "2026-11-21T13:47:31", "2026-11-21T08:00:00")]
    [InlineData("12h", "2026-11-21T13:47:31", "2026-11-21T12:00:00")]
    [InlineData("1d", "2026-11-21T23:59:59.9999999", "2026-11-21T00:00:00")]
    [InlineData("1d", "2024-02-29T00:00:00.0000001", "2024-02-29T00:00:00")]
    public void A_time_falls_in_the_window_aligned_to_utc_midnight(string name, string time, string start)
    {
        CandleInterval.TryParse(name, out var interval);

        var windowStart = interval.WindowStart(Utc(time));

        Assert.Equal(Utc(start), windowStart);
        Assert.Equal(DateTimeKind.Utc, windowStart.Kind);
    }

    [Fact]
    public void A_time_exactly_on_an_edge_belongs_to_the_window_it_starts()
    {
        foreach (var interval in CandleInterval.All)
        {
            var edge = Utc("2026-11-21T00:00:00");
            var next = edge + interval.Duration;

            Assert.Equal(edge, interval.WindowStart(edge));
            Assert.Equal(next, interval.WindowStart(next));
            Assert.Equal(edge, interval.WindowStart(next - TimeSpan.FromTicks(1)));
        }
    }

    [Fact]
    public void Longer_intervals_roll_up_from_the_stored_ones()
    {
        Assert.Equal(["1m", "1h"], CandleInterval.Stored.Select(i => i.Name));
        Assert.Equal(
            ["1m", "1m", "1m", "1m", "1m", "1h", "1h", "1h", "1h", "1h", "1h", "1h"],
            CandleInterval.All.Select(i => i.Source.Name));
        Assert.All(CandleInterval.All, i => Assert.Equal(i.Source == i, i.IsStored));
        Assert.All(CandleInterval.All, i => Assert.Equal(0, i.Ticks % i.Source.Ticks));
    }

    private static DateTime Utc(string text) =>
        DateTime.SpecifyKind(DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
}
