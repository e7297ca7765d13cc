using System.Globalization;
using System.Net;
using System.Text.Json;
using MarketAnalytics.Api.Hosting;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Testing;
using MarketAnalytics.Storage.EmbeddedLog;

namespace MarketAnalytics.Api.Tests.Jobs;

/// <summary>Reruns enqueued over HTTP as Hangfire jobs, run by the host's own Hangfire server, and the JSON view of the recurring
/// jobs, against the whole embedded pipeline on 127.0.0.1.</summary>
public sealed class RerunJobTests
{
    private const int Trades = 600;
    private static readonly InstrumentId Btc = InstrumentId.Parse("binance:BTCUSDT");
    private static readonly DateTime Start = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_rerun_enqueued_over_http_runs_to_completion_and_its_result_is_on_its_dashboard_page_and_in_the_metrics()
    {
        await using var host = await JobsHost.StartAsync(Role.Run, prepare: WriteTradesAsync);
        await WaitUntilAggregatedAsync(host);

        var (status, body, _, location) = await host.PostForLocationAsync("/api/v1/reruns",
            new { from = "2026-11-20T10:00:00Z", to = "2026-11-20T12:00:00Z", symbols = new[] { "binance:BTCUSDT" }, interval = "all" });

        Assert.Equal(202, status);
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal(("rerun", "enqueued", $"/hangfire/jobs/details/{id}"),
            (body.GetProperty("job").GetString(), body.GetProperty("status").GetString(), body.GetProperty("dashboard").GetString()));
        Assert.Equal($"/hangfire/jobs/details/{id}", location);
        var page = await DashboardPageWhenAsync(host, location!, "Succeeded");
        // Streaming already aggregated every trade, so the rerun reads them all and finds nothing to change.
        Assert.Contains($"\"WindowsExamined\":{2 * 60 + 2},\"WindowsChanged\":0,\"TradesRead\":{Trades}", page);
        Assert.Contains("no differences", page);
        Assert.Contains("binance:BTCUSDT", page);
        Assert.Contains("100%: through 2026-11-20T12:00:00Z, 600 trades read", page);

        // The run is counted in /metrics (the meter is the process's: other tests' reruns may add to the count, never remove).
        var metrics = await host.Client.GetStringAsync("/metrics");
        var runs = metrics.Split('\n').Single(line => line.StartsWith("marketanalytics_job_run_duration_seconds_count{", StringComparison.Ordinal)
            && line.Contains("job=\"rerun\"", StringComparison.Ordinal) && line.Contains("outcome=\"succeeded\"", StringComparison.Ordinal));
        Assert.True(double.Parse(runs[(runs.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) >= 1, runs);
    }

    [Fact]
    public async Task A_rerun_request_with_an_inverted_range_is_refused_and_nothing_is_enqueued()
    {
        await using var host = await JobsHost.StartAsync(Role.Api);

        var (status, body, mediaType) = await host.PostAsync("/api/v1/reruns", new { from = "2026-11-20T12:00:00Z", to = "2026-11-20T10:00:00Z" });

        Assert.Equal((400, "application/problem+json"), (status, mediaType));
        Assert.True(body.GetProperty("errors").TryGetProperty("to", out _));
        var unauthorized = await host.PostAsync("/api/v1/reruns", new { from = "2026-11-20T10:00:00Z", to = "2026-11-20T12:00:00Z" }, key: null);
        Assert.Equal(401, unauthorized.Status);
    }

    [Fact]
    public async Task The_recurring_jobs_are_listed_as_json_with_their_schedules_and_next_runs()
    {
        await using var host = await JobsHost.StartAsync(Role.Run);

        var jobs = (await host.GetJsonAsync("/api/v1/jobs")).EnumerateArray().ToList();

        Assert.Equal([("integrity", "15 * * * *"), ("reconciliation", "*/10 * * * *"), ("retention", "30 3 * * *")],
            jobs.Select(j => (j.GetProperty("name").GetString(), j.GetProperty("schedule").GetString())));
        Assert.All(jobs, j => Assert.Equal(JsonValueKind.String, j.GetProperty("next_run").ValueKind));
    }

    [Fact]
    public async Task The_old_jobs_page_sends_browsers_to_the_hangfire_dashboard()
    {
        await using var host = await JobsHost.StartAsync(Role.Api);

        using var response = await host.Client.GetAsync("/jobs");

        Assert.Equal("/hangfire", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>The job's dashboard page (fetched with the admin key) once it shows <paramref name="state"/>, HTML-decoded.</summary>
    private static async Task<string> DashboardPageWhenAsync(JobsHost host, string path, string state)
    {
        return await Eventually.ValueAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Api-Key", JobsHost.AdminKey);
            using var response = await host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }, page => CurrentState(page) == state, $"{path} to reach {state}");
    }

    /// <summary>The title of the page's first state card: the job's current state.</summary>
    private static string? CurrentState(string page)
    {
        var card = page.IndexOf("state-card-title", StringComparison.Ordinal);
        if (card < 0) return null;
        var text = page[(page.IndexOf("</small>", card, StringComparison.Ordinal) + "</small>".Length)..];
        return text[..text.IndexOf('<')].Trim();
    }

    private static async Task WriteTradesAsync(string directory)
    {
        await using var log = EmbeddedLog.Open(Path.Combine(directory, "log"));
        var trades = Enumerable.Range(0, Trades)
            .Select(i => new Trade(Btc, (i + 1).ToString(CultureInfo.InvariantCulture), Start.AddSeconds(12 * i), 60000m + i % 13, 0.01m, 600m + i % 13 / 100m,
                i % 3 == 0 ? TakerSide.Sell : TakerSide.Buy))
            .ToList();
        await log.AppendTradesAsync(trades, CancellationToken.None);
    }

    private static async Task WaitUntilAggregatedAsync(JobsHost host)
    {
        await Eventually.TrueAsync(async () =>
        {
            var health = await host.GetJsonAsync("/health");
            return health.GetProperty("components").GetProperty("aggregation").GetProperty("data").GetProperty("aggregated_trades").GetInt64() >= Trades;
        }, $"streaming to aggregate the {Trades} trades written before the host started");
    }
}
