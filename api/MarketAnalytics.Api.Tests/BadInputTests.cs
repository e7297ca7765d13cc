using System.Net;
using System.Text.Json;
using MarketAnalytics.Core;

namespace MarketAnalytics.Api.Tests;

public sealed class BadInputTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync(new DateTime(2024, 8, 8, 12, 0, 0, DateTimeKind.Utc));
        var time = new DateTime(2024, 8, 8, 11, 0, 0, DateTimeKind.Utc);
        await _host.AddTradesAsync(
        [
            new Trade(InstrumentId.Of("bitmex", "XBTUSD"), "a", time, 60000m, 0.1m, 6000m, TakerSide.Buy),
            new Trade(InstrumentId.Of("kraken", "XBTUSD"), "b", time, 60000m, 0.1m, 6000m, TakerSide.Buy),
        ]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/transactions/last_6_hours?as_of=yesterday", "as_of")]
    [InlineData("/volume/last_6_hours?as_of=2024-13-01T00:00:00Z", "as_of")]
    [InlineData("/aggregated_stats/last_12_hours?as_of=12:00", "as_of")]
    [InlineData("/trades/last_n_minutes?symbol=bitmex:XBTUSD&minutes=0", "minutes")]
    [InlineData("/trades/last_n_minutes?symbol=bitmex:XBTUSD&minutes=10081", "minutes")]
    [InlineData("/trades/last_n_minutes?symbol=bitmex:XBTUSD&minutes=ten", "minutes")]
    [InlineData("/trades/last_n_minutes?symbol=bitmex:XBTUSD", "minutes")]
    [InlineData("/trades/last_n_minutes?minutes=5", "symbol")]
    [InlineData("/trades/last_n_minutes?symbol=XBTUSD&minutes=5", "symbol")]
    [InlineData("/trades/last_n_minutes?symbol=bit%20mex:XBT&minutes=5", "symbol")]
    [InlineData("/top_cryptos_last_hour?top_n=-1", "top_n")]
    [InlineData("/api/v1/candles?symbol=bitmex:XBTUSD&interval=2m", "interval")]
    [InlineData("/api/v1/candles?symbol=bitmex:XBTUSD&limit=0", "limit")]
    [InlineData("/api/v1/candles?symbol=bitmex:XBTUSD&format=xml", "format")]
    [InlineData("/api/v1/candles?symbol=bitmex:XBTUSD&from=2024-08-09T00:00:00Z&to=2024-08-08T00:00:00Z", "from")]
    public async Task Bad_input_gets_400_problem_json_naming_the_parameter(string path, string parameter)
    {
        using var response = await _host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), $"problem names {parameter}: {problem}");
    }

    [Theory]
    [InlineData("/trades/last_n_minutes?symbol=bitmex:ETHUSD&minutes=5")]
    [InlineData("/trades/last_n_minutes?symbol=DOGEUSD&minutes=5")]
    [InlineData("/current_price?symbol=binance:DOGEUSDT")]
    [InlineData("/api/v1/candles?symbol=kraken:ETHUSD")]
    public async Task Unknown_symbol_gets_404_problem_json(string path)
    {
        using var response = await _host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Swagger_ui_and_document_are_served()
    {
        using var ui = await _host.Client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        var document = await _host.GetJsonAsync("/swagger/v1/swagger.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/transactions/last_6_hours", paths);
        Assert.Contains("/api/v1/candles", paths);
        Assert.Contains("/current_price", paths);
    }
}
