using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;
using MarketAnalytics.Api.Endpoints;

namespace MarketAnalytics.Api.Dashboard;

/// <summary>Lets a request into Hangfire's dashboard when it carries the admin key (<c>Api:AdminKey</c>) as the password of HTTP
/// Basic authentication (what a browser prompts for; any user name) or in the <c>X-Api-Key</c> header; with no key configured,
/// only requests from the local machine get in (and the dashboard is read-only, see <see cref="JobsDashboard"/>).</summary>
/// <remarks>A refused request gets Hangfire's 401 with <c>WWW-Authenticate: Basic</c>, so a browser asks for the key. The
/// setting is read per request, like the API's <see cref="AdminKey"/> check.</remarks>
internal sealed class AdminKeyDashboardAuthorization : IDashboardAuthorizationFilter
{
    private static readonly LocalRequestsOnlyAuthorizationFilter LocalOnly = new();

    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var configured = AdminKeyOf(http);
        if (configured is null) return LocalOnly.Authorize(context);
        if (Matches(http.Request.Headers[AdminKey.Header].ToString(), configured) || Matches(BasicPassword(http.Request), configured)) return true;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"MarketAnalytics jobs\", charset=\"UTF-8\"";
        return false;
    }

    /// <summary>The configured admin key, or null when none is set.</summary>
    public static string? AdminKeyOf(HttpContext http) =>
        http.RequestServices.GetRequiredService<IConfiguration>()[AdminKey.Setting] is { Length: > 0 } key ? key : null;

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

    // A constant-time comparison, so response timing does not reveal how much of a guessed key was right.
    private static bool Matches(string sent, string configured) =>
        sent.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(configured));
}
