using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using MarketAnalytics.Core;
using MarketAnalytics.Aggregate.Jobs;
using MarketAnalytics.Api.Endpoints;
using MarketAnalytics.Core.Ports;

namespace MarketAnalytics.Api.Dashboard;

/// <summary>Renders the jobs dashboard: the page shell (an embedded HTML file with a little JavaScript) and its two tables,
/// which the page fetches again from <c>/jobs/tables</c> whenever the event stream reports a run.</summary>
/// <remarks>Rendering the tables only here, on the server, keeps one definition of what a run looks like.</remarks>
internal static class JobsPage
{
    private const string TablesMarker = "<!--tables-->";
    private const int HistoryRuns = 50;

    private static readonly Lazy<string> Shell = new(() =>
    {
        using var stream = typeof(JobsPage).Assembly.GetManifestResourceStream("MarketAnalytics.Api.Dashboard.jobs.html")
                           ?? throw new InvalidOperationException("the jobs page resource is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Render(string tables) => Shell.Value.Replace(TablesMarker, tables, StringComparison.Ordinal);

    public static async Task<string> RenderTablesAsync(IJobStore store, JobsOptions options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var jobs = await JobEndpoints.OverviewAsync(store, options, now, ct);
        var runs = await store.GetRecentRunsAsync(HistoryRuns, ct);
        var html = new StringBuilder();

        html.Append("<h2>Recurring jobs</h2><table id=\"jobs\"><thead><tr><th>Job</th><th>Schedule (UTC)</th><th>Last run</th>")
            .Append("<th>Status</th><th>Next run</th><th></th></tr></thead><tbody>");
        foreach (var job in jobs)
        {
            html.Append($"<tr data-job=\"{E(job.Name)}\"><td><strong>{E(job.Name)}</strong><br><small>{E(job.Description)}</small></td>")
                .Append($"<td><code>{E(job.Schedule)}</code></td>")
                .Append($"<td>{Time(job.LastRun?.StartedAt ?? job.LastRun?.QueuedAt)}</td>")
                .Append($"<td>{Status(job.LastRun?.Status)}</td>")
                .Append($"<td>{Time(job.NextRun)}</td>")
                .Append($"<td><button type=\"button\" class=\"run-now\" data-job=\"{E(job.Name)}\">Run now</button></td></tr>");
        }
        html.Append("</tbody></table>");

        html.Append("<h2>Run history</h2><table id=\"runs\"><thead><tr><th>Run</th><th>Job</th><th>Trigger</th><th>Status</th>")
            .Append("<th>Started</th><th>Duration</th><th>Windows examined</th><th>Windows changed</th><th>Trades read</th><th>Result</th>")
            .Append("</tr></thead><tbody>");
        if (runs.Count == 0) html.Append("<tr><td colspan=\"10\">No runs yet.</td></tr>");
        foreach (var run in runs)
        {
            var status = run.Status.SnakeCaseName();
            var parameters = run.Parameters == "{}" ? "" : $"<br><small><code>{E(run.Parameters)}</code></small>";
            html.Append($"<tr class=\"run\" data-run-id=\"{run.Id}\" data-job=\"{E(run.Job)}\" data-status=\"{status}\">")
                .Append($"<td>{run.Id}</td><td>{E(run.Job)}{parameters}</td><td>{E(run.Trigger.SnakeCaseName())}</td>")
                .Append($"<td>{Status(status)}</td><td>{Time(run.StartedAt ?? run.QueuedAt)}</td>")
                .Append($"<td>{(run.Duration is { } d ? d.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s" : "")}</td>")
                .Append($"<td class=\"num\">{run.WindowsExamined}</td><td class=\"num\">{run.WindowsChanged}</td><td class=\"num\">{run.TradesRead}</td>")
                .Append($"<td class=\"result\">{E(run.Summary)}{(run.Error is null ? "" : $"<div class=\"error\">{E(run.Error)}</div>")}</td></tr>");
        }
        html.Append("</tbody></table>");
        return html.ToString();
    }

    private static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    private static string Time(DateTime? time) =>
        time is { } t ? $"<time datetime=\"{t:O}\">{t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}</time>" : "–";

    private static string Status(string? status) => status is null ? "–" : $"<span class=\"status {E(status)}\">{E(status)}</span>";
}
