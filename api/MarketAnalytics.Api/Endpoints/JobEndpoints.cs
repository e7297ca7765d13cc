using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Aggregate.Reruns;
using MarketAnalytics.Api.Auth;
using MarketAnalytics.Api.Dashboard;
using MarketAnalytics.Api.Endpoints.Bodies;
using MarketAnalytics.Api.Endpoints.Validation;
using MarketAnalytics.Core;
using Microsoft.AspNetCore.Http.HttpResults;

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
        api.MapPost("/reruns", Rerun).ValidateRequest().RequireAuthorization(ApiKeyAuthentication.AdminPolicy)
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

    private static Ok<List<JobResponse>> Jobs(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return TypedResults.Ok(connection.GetRecurringJobs()
            .OrderBy(j => j.Id, StringComparer.Ordinal)
            .Select(j => new JobResponse(j.Id, j.Cron, j.NextExecution, j.LastExecution, j.LastJobState,
                j.LastJobId is null ? null : JobsDashboard.JobPath(j.LastJobId)))
            .ToList());
    }

    /// <summary>The body of <c>POST /api/v1/reruns</c>: the range [from, to), the instruments (all when absent or empty, as an
    /// array or one comma-separated string), the intervals (<c>1m</c>, <c>1h</c> or <c>all</c>, the default) and whether it is a
    /// dry run.</summary>
    public sealed record RerunBody(DateTime From, DateTime To, IReadOnlyCollection<InstrumentId>? Symbols, RerunIntervals Interval, bool DryRun)
        : IJsonBody<RerunBody>
    {
        public static string Example =>
            """{"from": "2024-08-08T23:00:00Z", "to": "2024-08-09T01:00:00Z", "symbols": ["binance:BTCUSDT"], "interval": "all", "dry_run": false}""";

        public static bool TryRead(JsonElement body, out RerunBody value, out ValidationProblem? problem)
        {
            value = null!;
            if (!JsonFields.TryTime(body, "from", out var from, out problem) || !JsonFields.TryTime(body, "to", out var to, out problem)) return false;
            if (to <= from)
            {
                problem = QueryErrors.BadParameter("to", "'to' must be after 'from' (the range is [from, to))");
                return false;
            }
            if (!TrySymbols(body, out var instruments, out problem) || !TryIntervals(body, out var intervals, out problem)) return false;
            var dryRun = false;
            if (body.TryGetProperty("dry_run", out var dryRunValue) && dryRunValue.ValueKind is not JsonValueKind.Null)
            {
                if (dryRunValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problem = QueryErrors.BadParameter("dry_run", "dry_run must be true or false");
                    return false;
                }
                dryRun = dryRunValue.GetBoolean();
            }
            value = new RerunBody(from, to, instruments, intervals, dryRun);
            return true;
        }

        public RerunRequest ToRequest() => new(From, To, Symbols, Interval, DryRun);

        private static bool TrySymbols(JsonElement body, out List<InstrumentId>? instruments, out ValidationProblem? problem)
        {
            instruments = null;
            problem = null;
            if (!body.TryGetProperty("symbols", out var symbols) || symbols.ValueKind is JsonValueKind.Null) return true;
            IEnumerable<string?> texts = symbols.ValueKind switch
            {
                JsonValueKind.Array => symbols.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String ? s.GetString() : s.ToString()),
                JsonValueKind.String => (symbols.GetString() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                _ => [symbols.ToString()],
            };
            var read = new List<InstrumentId>();
            foreach (var text in texts)
            {
                if (!InstrumentId.TryParse(text, out var id))
                {
                    problem = QueryErrors.BadParameter("symbols", $"'{text}' is not an instrument of the form venue:SYMBOL");
                    return false;
                }
                read.Add(id);
            }
            if (read.Count > 0) instruments = read;
            return true;
        }

        private static bool TryIntervals(JsonElement body, out RerunIntervals intervals, out ValidationProblem? problem)
        {
            intervals = RerunIntervals.All;
            problem = null;
            if (!body.TryGetProperty("interval", out var value) || value.ValueKind is JsonValueKind.Null) return true;
            var name = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.ToString();
            switch (name)
            {
                case "1m":
                    intervals = RerunIntervals.Minute;
                    return true;
                case "1h":
                    intervals = RerunIntervals.Hour;
                    return true;
                case "all":
                    return true;
                default:
                    problem = QueryErrors.BadParameter("interval", $"'{name}' is not one of 1m, 1h, all");
                    return false;
            }
        }
    }

    private static Accepted<EnqueuedResponse> Rerun(JsonBody<RerunBody> body, IBackgroundJobClient client)
    {
        var jobId = RerunRequestJob.Enqueue(client, body.Value.ToRequest());
        var follow = JobsDashboard.JobPath(jobId);
        return TypedResults.Accepted(follow, new EnqueuedResponse(jobId, JobNames.Rerun, "enqueued", follow));
    }
}
