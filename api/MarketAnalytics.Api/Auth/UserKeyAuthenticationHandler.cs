using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Api.Auth;

/// <summary>Authenticates a user of the internal exchange: their API key in <c>X-Api-Key</c> gives a principal carrying their user
/// id (<see cref="ApiKeyAuthentication.UserIdClaim"/>); the endpoint reads it with <see cref="ApiKeyAuthentication.UserId"/>.</summary>
/// <remarks>A refused request is answered 401 problem+json, naming whether the key was missing or unknown.</remarks>
internal sealed class UserKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, UserKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var sent = Request.Headers[AdminKey.Header].ToString();
        if (sent.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
        if (keys.Authenticate(sent) is not { } user) return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        var identity = new ClaimsIdentity([new Claim(ApiKeyAuthentication.UserIdClaim, user.ToString(CultureInfo.InvariantCulture))],
            ApiKeyAuthentication.UserScheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        (Request.Headers[AdminKey.Header].ToString().Length == 0
            ? TypedResults.Problem($"this endpoint needs your API key in the {AdminKey.Header} header",
                statusCode: StatusCodes.Status401Unauthorized, title: "API key required")
            : TypedResults.Problem($"the {AdminKey.Header} header does not hold a user's API key",
                statusCode: StatusCodes.Status401Unauthorized, title: "Unknown API key")).ExecuteAsync(Context);
}
