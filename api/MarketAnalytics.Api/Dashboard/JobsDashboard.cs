using Hangfire;
using Hangfire.Dashboard;
using MarketAnalytics.Api.Auth;

namespace MarketAnalytics.Api.Dashboard;

/// <summary>Hangfire's dashboard at <c>/hangfire</c>: recurring jobs with "trigger now", every job's arguments, progress, result
/// and history, servers and retries.</summary>
/// <remarks>Access is <see cref="AdminKeyDashboardAuthorization"/>'s. Without an admin key the dashboard is read-only and its title
/// says how to enable it. POSTs from the page carry an antiforgery token (Basic credentials are sent by the browser on their own,
/// so a token is what keeps another site from triggering jobs).</remarks>
internal static class JobsDashboard
{
    public const string Path = "/hangfire";

    private const string ReadOnlyNotice =
        $"MarketAnalytics jobs <small>(read-only, local requests only: set {AdminKey.Setting} — environment Api__AdminKey — " +
        "to trigger jobs, and give the key as the password when the browser asks)</small>";

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        var hasKey = !string.IsNullOrEmpty(app.Configuration[AdminKey.Setting]);
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AdminKeyDashboardAuthorization()],
            IsReadOnlyFunc = context => AdminKey.Configured(context.GetHttpContext().RequestServices.GetRequiredService<IConfiguration>()) is null,
            DashboardTitle = hasKey ? "MarketAnalytics jobs" : ReadOnlyNotice,
            AppPath = "/swagger",
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }

    /// <summary>Where a job's page is, relative to the API's address.</summary>
    public static string JobPath(string id) => $"{Path}/jobs/details/{id}";
}
