using System.Net;
using System.Text.Json;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace MarketAnalytics.Api.Tests.Jobs;

/// <summary>The jobs endpoints of the api role alone (no scheduler), so queued runs stay queued and can be inspected.</summary>
public sealed class JobEndpointTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 11, 21, 13, 7, 0, DateTimeKind.Utc);
    private JobsHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await JobsHost.StartAsync(PipelineRoles.Api, clock: new FixedClock(new DateTimeOffset(Now, TimeSpan.Zero)));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_recurring_jobs_are_listed_with_schedule_and_next_run()
    {
        var jobs = await _host.GetJsonAsync("/api/v1/jobs");
        var byName = jobs.EnumerateArray().ToDictionary(j => j.GetProperty("name").GetString()!);
        Assert.Equal(["reconciliation", "retention", "integrity"], byName.Keys);
        Assert.Equal("*/10 * * * *", byName["reconciliation"].GetProperty("schedule").GetString());
        Assert.Equal(new DateTime(2026, 11, 21, 13, 10, 0), byName["reconciliation"].GetProperty("next_run").GetDateTime());
        Assert.Equal(new DateTime(2026, 11, 22, 3, 30, 0), byName["retention"].GetProperty("next_run").GetDateTime());
        Assert.Equal(new DateTime(2026, 11, 21, 13, 15, 0), byName["integrity"].GetProperty("next_run").GetDateTime());
        Assert.Equal(JsonValueKind.Null, byName["integrity"].GetProperty("last_run").ValueKind);
    }

    [Fact]
    public async Task Triggering_a_job_with_the_admin_key_queues_a_manual_run()
    {
        var (status, body, _) = await _host.PostAsync("/api/v1/jobs/integrity/trigger", null);

        Assert.Equal(202, status);
        var id = body.GetProperty("id").GetInt64();
        var runs = await _host.GetJsonAsync("/api/v1/jobs/integrity/runs");
        var run = Assert.Single(runs.EnumerateArray());
        Assert.Equal(id, run.GetProperty("id").GetInt64());
        Assert.Equal(("manual", "queued"), (run.GetProperty("trigger").GetString(), run.GetProperty("status").GetString()));
        var jobs = await _host.GetJsonAsync("/api/v1/jobs");
        var integrity = jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "integrity");
        Assert.Equal(id, integrity.GetProperty("last_run").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task The_accepted_answer_points_at_the_queued_run()
    {
        var (status, body, _, location) = await _host.PostForLocationAsync("/api/v1/jobs/retention/trigger", null);

        Assert.Equal(202, status);
        Assert.Equal($"/api/v1/jobs/retention/runs/{body.GetProperty("id").GetInt64()}", location);
        var run = await _host.GetJsonAsync(location!);
        Assert.Equal(("retention", "queued"), (run.GetProperty("job").GetString(), run.GetProperty("status").GetString()));
        Assert.Equal(404, (int)(await _host.Client.GetAsync(location!.Replace("retention", "integrity", StringComparison.Ordinal))).StatusCode);
    }

    [Fact]
    public async Task A_rerun_request_is_queued_with_its_range()
    {
        var (status, body, _) = await _host.PostAsync("/api/v1/reruns", new
        {
            from = "2026-11-21T10:00:00Z", to = "2026-11-21T12:00:00Z", symbols = new[] { "bitmex:xbtusd" }, interval = "1m", dry_run = true,
        });

        Assert.Equal(202, status);
        var store = _host.Services.GetRequiredService<IJobStore>();
        var run = (await store.GetRunAsync(body.GetProperty("id").GetInt64(), default))!;
        Assert.Equal(("rerun", JobTrigger.RerunRequest, JobRunStatus.Queued), (run.Job, run.Trigger, run.Status));
        var parameters = JsonDocument.Parse(run.Parameters).RootElement;
        Assert.Equal("2026-11-21T10:00:00Z", parameters.GetProperty("from").GetString());
        Assert.Equal("bitmex:XBTUSD", parameters.GetProperty("symbols")[0].GetString());
        Assert.Equal(("1m", true), (parameters.GetProperty("interval").GetString(), parameters.GetProperty("dry_run").GetBoolean()));
    }

    [Theory]
    [InlineData("/api/v1/jobs/integrity/trigger", null)]
    [InlineData("/api/v1/jobs/integrity/trigger", "wrong-key")]
    [InlineData("/api/v1/reruns", null)]
    [InlineData("/api/v1/reruns", "wrong-key")]
    public async Task Admin_endpoints_answer_401_without_the_right_key(string path, string? key)
    {
        var (status, body, mediaType) = await _host.PostAsync(path, new { from = "2026-11-21T10:00:00Z", to = "2026-11-21T11:00:00Z" }, key);

        Assert.Equal(401, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Contains("X-Api-Key", body.GetProperty("detail").GetString());
        Assert.Empty(await _host.Services.GetRequiredService<IJobStore>().GetRecentRunsAsync(10, default));
    }

    [Theory]
    [InlineData("""{"to":"2026-11-21T11:00:00Z"}""", "from")]
    [InlineData("""{"from":"yesterday","to":"2026-11-21T11:00:00Z"}""", "from")]
    [InlineData("""{"from":"2026-11-21T11:00:00Z","to":"2026-11-21T10:00:00Z"}""", "to")]
    [InlineData("""{"from":"2026-11-21T10:00:00Z","to":"2026-11-21T10:00:00Z"}""", "to")]
    [InlineData("""{"from":"2026-11-21T10:00:00Z","to":"2026-11-21T11:00:00Z","symbols":["XBTUSD"]}""", "symbols")]
    [InlineData("""{"from":"2026-11-21T10:00:00Z","to":"2026-11-21T11:00:00Z","interval":"5m"}""", "interval")]
    [InlineData("""{"from":"2026-11-21T10:00:00Z","to":"2026-11-21T11:00:00Z","dry_run":"yes"}""", "dry_run")]
    [InlineData("""not json""", "body")]
    [InlineData("""{"from":"2026-11-21T10:00:00Z","to":"9999-12-31T23:59:59Z"}""", "to")]
    [InlineData("""{"from":"0001-01-01T00:00:00Z","to":"2026-11-21T11:00:00Z"}""", "from")]
    [InlineData("""{"from":"\ud800","to":"2026-11-21T11:00:00Z"}""", "from")]
    [InlineData("""{"from":"2026-11-21T10:00:00Z","to":"2026-11-21T11:00:00Z","symbols":["\udc00"]}""", "symbols")]
    public async Task Bad_rerun_input_gets_400_problem_json_naming_the_field(string json, string field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reruns")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", JobsHost.AdminKey);
        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"problem names {field}: {problem}");
    }

    [Theory]
    [InlineData("POST", "/api/v1/jobs/vacuum/trigger")]
    [InlineData("POST", "/api/v1/jobs/rerun/trigger")]
    [InlineData("GET", "/api/v1/jobs/vacuum/runs")]
    public async Task An_unknown_job_gets_404_problem_json(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("X-Api-Key", JobsHost.AdminKey);
        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_a_configured_key_admin_endpoints_answer_403_saying_how_to_enable_them()
    {
        await using var host = await JobsHost.StartAsync(PipelineRoles.Api, adminKey: null);

        var (status, body, mediaType) = await host.PostAsync("/api/v1/jobs/integrity/trigger", null);

        Assert.Equal(403, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Contains("Api:AdminKey", body.GetProperty("detail").GetString());
        Assert.Equal(200, (int)(await host.Client.GetAsync("/api/v1/jobs")).StatusCode);
    }

    [Fact]
    public async Task The_event_stream_reports_a_run_when_it_is_queued()
    {
        using var response = await _host.Client.GetAsync("/api/v1/jobs/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("event: hello", await reader.ReadLineAsync());

        var (_, queued, _) = await _host.PostAsync("/api/v1/jobs/reconciliation/trigger", null);

        string? line;
        while ((line = await reader.ReadLineAsync()) is not null && !line.StartsWith("event: run", StringComparison.Ordinal)) { }
        var data = JsonDocument.Parse((await reader.ReadLineAsync())!["data: ".Length..]).RootElement;
        Assert.Equal(queued.GetProperty("id").GetInt64(), data.GetProperty("id").GetInt64());
        Assert.Equal(("reconciliation", "queued"), (data.GetProperty("job").GetString(), data.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task The_dashboard_page_is_server_rendered_html_with_the_jobs()
    {
        await _host.PostAsync("/api/v1/jobs/retention/trigger", null);
        using var response = await _host.Client.GetAsync("/jobs");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<tr data-job=\"reconciliation\">", html);
        Assert.Contains("<code>30 3 * * *</code>", html);
        Assert.Contains("data-job=\"retention\" data-status=\"queued\"", html);
        Assert.Contains("new EventSource('/api/v1/jobs/events')", html);
    }
}
