using System.Net;
using System.Text.Json;
using MarketAnalytics.Api.Commands;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using MarketAnalytics.Storage.EmbeddedLog;

namespace MarketAnalytics.Api.Tests;

/// <summary>Times at and beyond the ends of <see cref="DateTime"/>: a 400 naming the parameter, never a 500; a far-future trade in
/// the log never becomes the current price.</summary>
public sealed class TimeRangeTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync(new DateTime(2024, 8, 8, 12, 0, 0, DateTimeKind.Utc));
        await _host.AddTradesAsync(
            [new Trade(InstrumentId.Of("bitmex", "XBTUSD"), "a", new DateTime(2024, 8, 8, 11, 0, 0, DateTimeKind.Utc), 60000m, 0.1m, 6000m, TakerSide.Buy)]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string> EdgeDates()
    {
        var data = new TheoryData<string, string>();
        string[] times = ["0001-01-01T00:00:00Z", "0001-01-01T00:30:00Z", "9999-12-31T23:59:59Z", "253402300799999", "1969-12-31T23:59:59Z", "2100-01-01T00:00:01Z"];
        foreach (var t in times)
        {
            data.Add($"/transactions/last_6_hours?as_of={t}", "as_of");
            data.Add($"/volume/last_6_hours?as_of={t}", "as_of");
            data.Add($"/aggregated_stats/last_12_hours?as_of={t}", "as_of");
            data.Add($"/trades/last_n_minutes?symbol=bitmex:XBTUSD&minutes=10080&as_of={t}", "as_of");
            data.Add($"/top_cryptos_last_hour?as_of={t}", "as_of");
            data.Add($"/api/v1/candles?symbol=bitmex:XBTUSD&interval=1d&limit=5000&from={t}", "from");
            data.Add($"/api/v1/candles?symbol=bitmex:XBTUSD&interval=1d&limit=5000&to={t}", "to");
            data.Add($"/api/v1/candles?symbol=bitmex:XBTUSD&from=2024-08-08T00:00:00Z&to={t}", "to");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EdgeDates))]
    public async Task A_time_outside_the_valid_range_is_a_400_naming_the_parameter(string path, string parameter)
    {
        using var response = await _host.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.Contains("outside the valid range 1970-01-01T00:00:00Z to 2100-01-01T00:00:00Z", errors.GetProperty(parameter)[0].GetString());
    }

    [Theory]
    [InlineData("/transactions/last_6_hours?as_of=1970-01-01T00:00:00Z")]
    [InlineData("/trades/last_n_minutes?symbol=bitmex:XBTUSD&minutes=10080&as_of=2100-01-01T00:00:00Z")]
    [InlineData("/api/v1/candles?symbol=bitmex:XBTUSD&interval=1d&limit=5000&from=2100-01-01T00:00:00Z")]
    [InlineData("/api/v1/candles?symbol=bitmex:XBTUSD&interval=1d&limit=5000&to=1970-01-01T00:00:00Z")]
    [InlineData("/api/v1/candles?symbol=bitmex:XBTUSD&interval=1d&limit=5000&to=0")]
    public async Task The_ends_of_the_valid_range_are_answered(string path) => await _host.GetJsonAsync(path);

    [Theory]
    [InlineData("rerun", "--from", "2024-08-08T00:00:00Z", "--to", "9999-12-31T23:59:59Z", "--to '9999-12-31T23:59:59Z'")]
    [InlineData("rerun", "--from", "0001-01-01T00:00:00Z", "--to", "2024-08-08T00:00:00Z", "--from '0001-01-01T00:00:00Z'")]
    [InlineData("candles", "--symbol", "bitmex:XBTUSD", "--from", "9999-12-31T23:59:59Z", "--from '9999-12-31T23:59:59Z'")]
    [InlineData("candles", "--symbol", "bitmex:XBTUSD", "--to", "0001-01-01T00:30:00Z", "--to '0001-01-01T00:30:00Z'")]
    public async Task A_command_time_outside_the_valid_range_is_refused_before_it_opens_anything(
        string command, string option1, string value1, string option2, string value2, string named)
    {
        string[] line = [command, "--data-dir", _host.DataDirectory, option1, value1, option2, value2];

        var error = await Assert.ThrowsAsync<CommandLineException>(() => MarketAnalyticsCommandLine.RunAsync(line, TextWriter.Null, CancellationToken.None));

        Assert.Equal($"{named} is outside the valid range 1970-01-01T00:00:00Z to 2100-01-01T00:00:00Z", error.Message);
    }

    [Fact]
    public async Task A_far_future_trade_in_the_log_is_not_restored_as_the_current_price_at_start()
    {
        var instrument = InstrumentId.Of("kraken", "XBTUSD");
        var recent = DateTime.UtcNow.AddMinutes(-1);
        await using var host = await ApiHost.StartAsync(Role.Run, prepare: async directory =>
        {
            await using var log = EmbeddedLog.Open(Path.Combine(directory, "log"));
            await log.AppendTradesAsync(
            [
                new Trade(instrument, "1", recent, 100m, 1m, 100m, TakerSide.Buy),
                new Trade(instrument, "2", new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc), 50000m, 0.1m, 5000m, TakerSide.Buy),
            ], CancellationToken.None);
        });

        var price = await host.GetJsonAsync("/current_price?symbol=kraken:XBTUSD");

        Assert.Equal(100m, price.GetProperty("buy_price").GetDecimal());
    }
}
