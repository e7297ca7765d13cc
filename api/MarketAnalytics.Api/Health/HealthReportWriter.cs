using System.Text.Json;
using MarketAnalytics.Api.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MarketAnalytics.Api.Health;

/// <summary>Writes a health report as JSON: the overall status, the process's role and source, and each component's status,
/// description and facts.</summary>
internal static class HealthReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var status = context.RequestServices.GetRequiredService<PipelineStatus>();
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        var body = new
        {
            Status = report.Status.ToString(),
            status.Role,
            status.Source,
            Now = clock.GetUtcNow().UtcDateTime,
            DurationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 3),
            Components = report.Entries.ToDictionary(e => e.Key, e => new
            {
                Status = e.Value.Status.ToString(),
                e.Value.Description,
                DurationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 3),
                Data = e.Value.Data,
            }),
        };
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }
}
