using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace MarketAnalytics.Api.Auth;

/// <summary>The API's two key schemes and the policies endpoints require: <see cref="AdminPolicy"/> (the admin key) and
/// <see cref="UserPolicy"/> (a user's API key, their id a claim).</summary>
/// <remarks>Neither scheme is the default, so endpoints that require neither policy never look at <c>X-Api-Key</c>.</remarks>
internal static class ApiKeyAuthentication
{
    public const string AdminScheme = "AdminKey";
    public const string UserScheme = "UserKey";
    public const string AdminPolicy = "admin";
    public const string UserPolicy = "user";
    public const string AdminRole = "admin";
    public const string UserIdClaim = "user_id";

    /// <summary>Adds both schemes, both policies and the cache of verified user keys.</summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<UserKeys>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(AdminScheme, null)
            .AddScheme<AuthenticationSchemeOptions, UserKeyAuthenticationHandler>(UserScheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(AdminScheme).RequireRole(AdminRole))
            .AddPolicy(UserPolicy, policy => policy.AddAuthenticationSchemes(UserScheme).RequireClaim(UserIdClaim));
        return services;
    }

    /// <summary>The user id of a principal the <see cref="UserPolicy"/> let in.</summary>
    public static long UserId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(UserIdClaim)!, NumberStyles.None, CultureInfo.InvariantCulture);
}
