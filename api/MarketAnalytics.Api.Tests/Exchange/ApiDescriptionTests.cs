using System.Text.Json;

namespace MarketAnalytics.Api.Tests.Exchange;

/// <summary>The API description (Swagger) shows the request records and the typed answers of the handlers, not helper types.</summary>
public sealed class ApiDescriptionTests(ExchangeHostFixture fixture) : IClassFixture<ExchangeHostFixture>
{
    private readonly ExchangeHost _host = fixture.Host;

    [Fact]
    public async Task Placing_an_order_is_described_with_its_body_record_and_every_answer()
    {
        var place = (await OperationAsync("/api/v1/orders", "post"));
        Assert.EndsWith("/OrderBody", place.GetProperty("requestBody").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("$ref").GetString());
        var responses = place.GetProperty("responses");
        Assert.EndsWith("/OrderResponse", responses.GetProperty("200").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("$ref").GetString());
        foreach (var status in new[] { "400", "401", "413", "415" }) Assert.True(responses.TryGetProperty(status, out _), $"{status} in {responses}");
    }

    [Theory]
    [InlineData("/transactions/last_6_hours", "as_of", "query")]
    [InlineData("/top_cryptos_last_hour", "top_n", "query")]
    [InlineData("/api/v1/candles", "interval", "query")]
    [InlineData("/api/v1/orderbook/{symbol}", "depth", "query")]
    [InlineData("/api/v1/stream", "Last-Event-ID", "header")]
    public async Task Query_records_are_described_parameter_by_parameter_as_they_are_sent(string path, string parameter, string where)
    {
        var parameters = (await OperationAsync(path, "get")).GetProperty("parameters").EnumerateArray()
            .Select(p => (p.GetProperty("name").GetString(), p.GetProperty("in").GetString())).ToList();
        Assert.Contains((parameter, where), parameters);
    }

    [Fact]
    public async Task Reading_an_order_is_described_with_its_answer_and_its_problems()
    {
        var responses = (await OperationAsync("/api/v1/orders/{id}", "get")).GetProperty("responses");
        Assert.EndsWith("/OrderResponse", responses.GetProperty("200").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(responses.TryGetProperty("404", out _), responses.ToString());
    }

    [Theory]
    [InlineData("OrderSide", "buy,sell")]
    [InlineData("OrderType", "limit,market")]
    [InlineData("TimeInForce", "gtc,ioc,fok")]
    [InlineData("SelfTradePrevention", "cancel_newest,cancel_oldest,cancel_both,decrement")]
    [InlineData("RerunIntervals", "1m,1h,all")]
    public async Task Values_sent_as_text_are_described_as_the_text_the_API_reads(string schema, string values)
    {
        var described = (await _host.OkAsync(HttpMethod.Get, "/swagger/v1/swagger.json", null)).GetProperty("components").GetProperty("schemas").GetProperty(schema);
        Assert.Equal("string", described.GetProperty("type").GetString());
        Assert.Equal(values.Split(','), described.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    private async Task<JsonElement> OperationAsync(string path, string method) =>
        (await _host.OkAsync(HttpMethod.Get, "/swagger/v1/swagger.json", null)).GetProperty("paths").GetProperty(path).GetProperty(method);
}
