using System.Net.Http.Headers;
using System.Text;
using Hangfire.Dashboard;
using MarketAnalytics.Api.Auth;

namespace MarketAnalytics.Api.Dashboard;

/// <summary>Lets a request into Hangfire's dashboard when it carries the admin key (<c>Api:AdminKey</c>) as the password of HTTP
/// Basic authentication (what a browser prompts for; any user name) or in the <c>X-Api-Key</c> header; with no key configured,
/// only requests from the local machine get in (and the dashboard is read-only, see <see cref="JobsDashboard"/>).</summary>
/// <remarks>A refused request gets Hangfire's 401 with <c>WWW-Authenticate: Basic</c>, so a browser asks for the key. The
/// key is checked by <see cref="AdminKey"/>, as for the API's admin endpoints, and read per request.</remarks>
internal sealed class AdminKeyDashboardAuthorization : IDashboardAuthorizationFilter
{
    private static readonly LocalRequestsOnlyAuthorizationFilter LocalOnly = new();

    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var configured = AdminKey.Configured(http.RequestServices.GetRequiredService<IConfiguration>());
        if (configured is null) return LocalOnly.Authorize(context);
        if (AdminKey.Matches(http.Request.Headers[AdminKey.Header].ToString(), configured)
            || AdminKey.Matches(BasicPassword(http.Request), configured)) return true;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"MarketAnalytics jobs\", charset=\"UTF-8\"";
        return false;
    }

    private static string BasicPassword(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            return "";
        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = credentials.IndexOf(':');
            return colon < 0 ? "" : credentials[(colon + 1)..];
        }
        catch (FormatException)
        {
            return "";
        }
    }
}
