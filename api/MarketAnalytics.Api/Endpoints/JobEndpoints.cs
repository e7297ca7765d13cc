using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Api.Dashboard;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The jobs dashboard at <c>/jobs</c> and the JSON and server-sent-event endpoints behind it; triggering a job and
/// asking for a rerun need the admin key (<see cref="AdminKey"/>).</summary>
/// <remarks>The API only reads the job store and queues runs in it; the scheduler of the aggregation role starts them.</remarks>
internal static class JobEndpoints
{
    public const int DefaultRuns = 50;
    public const int MaxRuns = 500;

    /// <summary>How often the event stream looks at the store for runs that were queued, started or ended.</summary>
    private static readonly TimeSpan EventPoll = TimeSpan.FromSeconds(1);

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs", Page).ExcludeFromDescription();
        app.MapGet("/jobs/tables", Tables).ExcludeFromDescription();
        var api = app.MapGroup("/api/v1").WithTags("Jobs");
        api.MapGet("/jobs", Jobs).WithSummary("The recurring jobs with schedule, last run and next run");
        api.MapGet("/jobs/events", Events).WithSummary("Server-sent events: one 'run' event whenever a run is queued, starts or ends");
        api.MapGet("/jobs/{name}/runs", Runs).WithSummary("A job's runs, newest first");
        api.MapGet("/jobs/{name}/runs/{id:long}", Run).WithSummary("One run of a job");
        api.MapPost("/jobs/{name}/trigger", Trigger).RequireAdminKey().WithSummary("Queues a run of a recurring job now (admin key)");
        api.MapPost("/reruns", Rerun).RequireAdminKey()
            .WithSummary("Queues a rerun of a range: {from, to, symbols?, interval? (1m|1h|all), dry_run?} (admin key)");
        return app;
    }

    public sealed record JobResponse(string Name, string Description, string Schedule, DateTime NextRun, JobRunResponse? LastRun);

    public sealed record JobRunResponse(
        long Id, string Job, string Trigger, string Status, JsonElement Parameters, DateTime QueuedAt, DateTime? StartedAt,
        DateTime? FinishedAt, double? DurationSeconds, int WindowsExamined, int WindowsChanged, long TradesRead, string? Summary, string? Error)
    {
        public static JobRunResponse Of(JobRun run) => new(
            run.Id, run.Job, run.Trigger.SnakeCaseName(), run.Status.SnakeCaseName(), JsonDocument.Parse(run.Parameters).RootElement.Clone(),
            run.QueuedAt, run.StartedAt, run.FinishedAt, run.Duration?.TotalSeconds, run.WindowsExamined, run.WindowsChanged,
            run.TradesRead, run.Summary, run.Error);
    }

    public sealed record QueuedResponse(long Id, string Job, string Status);

    public sealed record RunEvent(long Id, string Job, string Status);


    /// <summary>The recurring jobs as the page and <c>GET /api/v1/jobs</c> show them.</summary>
    public static async Task<IReadOnlyList<JobResponse>> OverviewAsync(IJobStore store, JobsOptions options, DateTime now, CancellationToken ct)
    {
        var result = new List<JobResponse>();
        foreach (var job in options.Recurring())
        {
            var last = (await store.GetRunsAsync(job.Name, 1, ct)).FirstOrDefault();
            result.Add(new JobResponse(job.Name, job.Description, job.Schedule.Expression, job.Schedule.Next(now),
                last is null ? null : JobRunResponse.Of(last)));
        }
        return result;
    }

    private static async Task<IResult> Page(IJobStore store, IOptions<JobsOptions> options, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Content(JobsPage.Render(await JobsPage.RenderTablesAsync(store, options.Value, clock, ct)), "text/html; charset=utf-8");

    private static async Task<IResult> Tables(IJobStore store, IOptions<JobsOptions> options, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Content(await JobsPage.RenderTablesAsync(store, options.Value, clock, ct), "text/html; charset=utf-8");

    private static async Task<IResult> Jobs(IJobStore store, IOptions<JobsOptions> options, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await OverviewAsync(store, options.Value, clock.GetUtcNow().UtcDateTime, ct));

    private static async Task<IResult> Runs(string name, string? limit, IJobStore store, CancellationToken ct)
    {
        if (!JobNames.All.Contains(name)) return UnknownJob(name);
        if (!QueryParameters.TryInt("limit", limit, DefaultRuns, 1, MaxRuns, out var max, out var error)) return error!;
        var runs = await store.GetRunsAsync(name, max, ct);
        return TypedResults.Ok(runs.Select(JobRunResponse.Of).ToList());
    }

    private static async Task<IResult> Run(string name, long id, IJobStore store, CancellationToken ct) =>
        await store.GetRunAsync(id, ct) is { } run && run.Job == name
            ? TypedResults.Ok(JobRunResponse.Of(run))
            : QueryErrors.NotFound("id", $"job '{name}' has no run {id}");

    private static async Task<IResult> Trigger(string name, IJobStore store, IOptions<JobsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (!options.Value.Recurring().Any(j => j.Name == name))
            return name == JobNames.Rerun
                ? QueryErrors.NotFound("name", "a rerun needs a range: POST /api/v1/reruns")
                : UnknownJob(name);
        var id = await store.QueueAsync(name, JobTrigger.Manual, "{}", clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Accepted($"/api/v1/jobs/{name}/runs/{id}", new QueuedResponse(id, name, JobRunStatus.Queued.SnakeCaseName()));
    }

    private static async Task<IResult> Rerun(HttpRequest request, IJobStore store, TimeProvider clock, CancellationToken ct)
    {
        var (body, error) = await ExchangeEndpoints.ReadObjectAsync(request,
            """{"from": "2024-08-08T23:00:00Z", "to": "2024-08-09T01:00:00Z", "symbols": ["binance:BTCUSDT"], "interval": "all", "dry_run": false}""", ct);
        if (error is not null) return error;
        if (!TryTime(body, "from", out var from, out error) || !TryTime(body, "to", out var to, out error)) return error!;
        if (to <= from) return QueryErrors.BadParameter("to", "'to' must be after 'from' (the range is [from, to))");

        List<InstrumentId>? instruments = null;
        if (body.TryGetProperty("symbols", out var symbols) && symbols.ValueKind is not JsonValueKind.Null)
        {
            IEnumerable<string?> texts = symbols.ValueKind switch
            {
                JsonValueKind.Array => symbols.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String ? s.GetString() : s.ToString()),
                JsonValueKind.String => (symbols.GetString() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                _ => [symbols.ToString()],
            };
            instruments = [];
            foreach (var text in texts)
            {
                if (!InstrumentId.TryParse(text, out var id))
                    return QueryErrors.BadParameter("symbols", $"'{text}' is not an instrument of the form venue:SYMBOL");
                instruments.Add(id);
            }
            if (instruments.Count == 0) instruments = null;
        }

        var interval = "all";
        if (body.TryGetProperty("interval", out var intervalValue) && intervalValue.ValueKind is not JsonValueKind.Null)
        {
            interval = intervalValue.ValueKind == JsonValueKind.String ? intervalValue.GetString()! : intervalValue.ToString();
            if (!RerunParameters.Intervals.Contains(interval))
                return QueryErrors.BadParameter("interval", $"'{interval}' is not one of {string.Join(", ", RerunParameters.Intervals)}");
        }

        var dryRun = false;
        if (body.TryGetProperty("dry_run", out var dryRunValue) && dryRunValue.ValueKind is not JsonValueKind.Null)
        {
            if (dryRunValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return QueryErrors.BadParameter("dry_run", "dry_run must be true or false");
            dryRun = dryRunValue.GetBoolean();
        }

        var parameters = new RerunParameters(from, to, instruments, interval, dryRun);
        var runId = await store.QueueAsync(JobNames.Rerun, JobTrigger.RerunRequest, parameters.ToJson(), clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Accepted($"/api/v1/jobs/{JobNames.Rerun}/runs/{runId}", new QueuedResponse(runId, JobNames.Rerun, JobRunStatus.Queued.SnakeCaseName()));
    }

    private static IResult Events(IJobStore store, TimeProvider clock, IHostApplicationLifetime lifetime, HttpContext http) =>
        TypedResults.ServerSentEvents(RunEventsAsync(store, clock, lifetime.ApplicationStopping, http.RequestAborted));

    /// <summary>Polls the newest runs and yields one event per run that appeared or changed status since the previous look.</summary>
    private static async IAsyncEnumerable<SseItem<string>> RunEventsAsync(
        IJobStore store, TimeProvider clock, CancellationToken stopping, [EnumeratorCancellation] CancellationToken aborted)
    {
        // The stream ends when the client goes or the host stops, so open pages never hold up a shutdown.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted);
        var ct = linked.Token;
        Dictionary<long, JobRunStatus>? seen = null;
        yield return new SseItem<string>("{}", "hello");
        while (!ct.IsCancellationRequested)
        {
            var runs = await store.GetRecentRunsAsync(DefaultRuns, ct);
            var current = runs.ToDictionary(r => r.Id, r => r.Status);
            if (seen is not null)
            {
                foreach (var run in runs.OrderBy(r => r.Id))
                {
                    if (seen.TryGetValue(run.Id, out var before) && before == run.Status) continue;
                    yield return new SseItem<string>(JsonSerializer.Serialize(
                        new RunEvent(run.Id, run.Job, run.Status.SnakeCaseName()), JsonSerializerOptions.Web), "run");
                }
            }
            seen = current;
            try
            {
                await Task.Delay(EventPoll, clock, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static bool TryTime(JsonElement body, string field, out DateTime time, out IResult? error)
    {
        time = default;
        error = null;
        var given = body.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;
        var text = given ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;
        if (given && value.ValueKind == JsonValueKind.String && UtcTime.TryParse(text, out time))
        {
            if (ValidTimes.IsQueryTime(time)) return true;
            error = QueryErrors.BadParameter(field, $"'{text}' is outside the valid range {ValidTimes.DescribeQueryRange()}");
            return false;
        }
        error = QueryErrors.BadParameter(field, !given
            ? $"'{field}' is required: an ISO-8601 UTC time (e.g. 2024-08-08T10:00:00Z)"
            : $"'{text}' is not an ISO-8601 UTC time (e.g. 2024-08-08T10:00:00Z)");
        return false;
    }

    private static IResult UnknownJob(string name) =>
        QueryErrors.NotFound("name", $"there is no job '{name}'; jobs: {string.Join(", ", JobNames.All)}");
}
