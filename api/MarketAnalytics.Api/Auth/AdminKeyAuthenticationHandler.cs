using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Auth;

/// <summary>Authenticates the admin: the configured admin key (<see cref="AdminKey"/>) in <c>X-Api-Key</c> gives a principal in the
/// <see cref="ApiKeyAuthentication.AdminRole"/> role.</summary>
/// <remarks>A refused request is answered with problem+json: 401 without the header or with a wrong key, and 403 for any request
/// while no admin key is configured, so an unconfigured deployment is closed rather than open.</remarks>
internal sealed class AdminKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly ClaimsPrincipal Admin = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, ApiKeyAuthentication.AdminRole)],
        ApiKeyAuthentication.AdminScheme));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (AdminKey.Configured(configuration) is not { } configured) return Task.FromResult(AuthenticateResult.NoResult());
        var sent = Request.Headers[AdminKey.Header].ToString();
        if (sent.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
        return Task.FromResult(AdminKey.Matches(sent, configured)
            ? AuthenticateResult.Success(new AuthenticationTicket(Admin, Scheme.Name))
            : AuthenticateResult.Fail("wrong admin key"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (AdminKey.Configured(configuration) is null)
            return TypedResults.Problem($"admin endpoints are disabled until {AdminKey.Setting} is set (environment Api__AdminKey)",
                statusCode: StatusCodes.Status403Forbidden, title: "Admin endpoints disabled").ExecuteAsync(Context);
        return (Request.Headers[AdminKey.Header].ToString().Length == 0
            ? TypedResults.Problem($"this endpoint needs the admin key in the {AdminKey.Header} header",
                statusCode: StatusCodes.Status401Unauthorized, title: "Admin key required")
            : TypedResults.Problem($"the {AdminKey.Header} header does not hold the admin key",
                statusCode: StatusCodes.Status401Unauthorized, title: "Wrong admin key")).ExecuteAsync(Context);
    }
}
