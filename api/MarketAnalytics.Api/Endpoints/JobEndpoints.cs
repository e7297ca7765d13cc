using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Aggregate.Reruns;
using MarketAnalytics.Api.Auth;
using MarketAnalytics.Api.Dashboard;
using MarketAnalytics.Core;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The JSON side of the jobs: each recurring job's last and next run, and enqueuing a rerun (admin key,
/// <see cref="AdminKey"/>); <c>/jobs</c> sends browsers on to Hangfire's dashboard (<see cref="JobsDashboard"/>).</summary>
/// <remarks>Both read and write Hangfire's storage; a server in the aggregation role runs what is enqueued.</remarks>
internal static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs", () => TypedResults.Redirect(JobsDashboard.Path)).ExcludeFromDescription();
        var api = app.MapGroup("/api/v1").WithTags("Jobs");
        api.MapGet("/jobs", Jobs).WithSummary("The recurring jobs with schedule, last run and next run (from Hangfire's storage)");
        api.MapPost("/reruns", Rerun).RequireAuthorization(ApiKeyAuthentication.AdminPolicy)
            .WithSummary("Enqueues a rerun of a range as a Hangfire job: {from, to, symbols?, interval? (1m|1h|all), dry_run?} (admin key)");
        return app;
    }

    /// <param name="Name">The recurring job's name.</param>
    /// <param name="Schedule">Its cron schedule (UTC).</param>
    /// <param name="NextRun">When it next runs (UTC); null while Hangfire has not planned it.</param>
    /// <param name="LastRun">When it last started (UTC); null before its first run.</param>
    /// <param name="LastStatus">The Hangfire state of its last run (<c>Succeeded</c>, <c>Failed</c>, <c>Processing</c>, …).</param>
    /// <param name="LastJob">Dashboard path of the last run, where its result or error is.</param>
    public sealed record JobResponse(string Name, string Schedule, DateTime? NextRun, DateTime? LastRun, string? LastStatus, string? LastJob);

    public sealed record EnqueuedResponse(string Id, string Job, string Status, string Dashboard);

    private static IResult Jobs(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return TypedResults.Ok(connection.GetRecurringJobs()
            .OrderBy(j => j.Id, StringComparer.Ordinal)
            .Select(j => new JobResponse(j.Id, j.Cron, j.NextExecution, j.LastExecution, j.LastJobState,
                j.LastJobId is null ? null : JobsDashboard.JobPath(j.LastJobId)))
            .ToList());
    }

    private static async Task<IResult> Rerun(HttpRequest request, IBackgroundJobClient client, CancellationToken ct)
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

        var intervals = RerunIntervals.All;
        if (body.TryGetProperty("interval", out var intervalValue) && intervalValue.ValueKind is not JsonValueKind.Null)
        {
            var interval = intervalValue.ValueKind == JsonValueKind.String ? intervalValue.GetString()! : intervalValue.ToString();
            if (!TryIntervals(interval, out intervals))
                return QueryErrors.BadParameter("interval", $"'{interval}' is not one of 1m, 1h, all");
        }

        var dryRun = false;
        if (body.TryGetProperty("dry_run", out var dryRunValue) && dryRunValue.ValueKind is not JsonValueKind.Null)
        {
            if (dryRunValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return QueryErrors.BadParameter("dry_run", "dry_run must be true or false");
            dryRun = dryRunValue.GetBoolean();
        }

        var jobId = RerunRequestJob.Enqueue(client, new RerunRequest(from, to, instruments, intervals, dryRun));
        var follow = JobsDashboard.JobPath(jobId);
        return TypedResults.Accepted(follow, new EnqueuedResponse(jobId, JobNames.Rerun, "enqueued", follow));
    }

    /// <summary>Reads a rerun interval name: <c>1m</c>, <c>1h</c> or <c>all</c>.</summary>
    private static bool TryIntervals(string name, out RerunIntervals intervals)
    {
        intervals = name switch
        {
            "1m" => RerunIntervals.Minute,
            "1h" => RerunIntervals.Hour,
            _ => RerunIntervals.All,
        };
        return name is "1m" or "1h" or "all";
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

}
