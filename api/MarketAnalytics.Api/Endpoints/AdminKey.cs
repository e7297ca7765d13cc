using System.Security.Cryptography;
using System.Text;

namespace MarketAnalytics.Api.Endpoints;

/// <summary>The admin API key check for endpoints that change things (job triggers, reruns, the internal exchange's admin side).</summary>
/// <remarks>The key is the setting <c>Api:AdminKey</c> (environment <c>Api__AdminKey</c>), sent in the <c>X-Api-Key</c> header.
/// Without the header or with a wrong key the answer is 401; with no key configured every admin endpoint answers 403, so an
/// unconfigured deployment is closed rather than open. The setting is read per request, so a reloaded key applies at once.</remarks>
internal static class AdminKey
{
    public const string Header = "X-Api-Key";
    public const string Setting = "Api:AdminKey";

    /// <summary>Lets requests through to the endpoint (or group) only with the configured admin key.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var configured = http.RequestServices.GetRequiredService<IConfiguration>()[Setting];
            if (string.IsNullOrEmpty(configured))
                return TypedResults.Problem($"admin endpoints are disabled until {Setting} is set (environment Api__AdminKey)",
                    statusCode: StatusCodes.Status403Forbidden, title: "Admin endpoints disabled");
            var sent = http.Request.Headers[Header].ToString();
            if (sent.Length == 0)
                return TypedResults.Problem($"this endpoint needs the admin key in the {Header} header",
                    statusCode: StatusCodes.Status401Unauthorized, title: "Admin key required");
            // A constant-time comparison, so response timing does not reveal how much of a guessed key was right.
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(configured)))
                return TypedResults.Problem($"the {Header} header does not hold the admin key",
                    statusCode: StatusCodes.Status401Unauthorized, title: "Wrong admin key");
            return await next(context);
        });
}
