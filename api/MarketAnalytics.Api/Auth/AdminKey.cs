using System.Security.Cryptography;
using System.Text;

namespace MarketAnalytics.Api.Auth;

/// <summary>The admin API key: where it is configured and how a sent key is compared with it; used by the API's admin
/// authentication (<see cref="AdminKeyAuthenticationHandler"/>) and by Hangfire's dashboard.</summary>
/// <remarks>The key is the setting <c>Api:AdminKey</c> (environment <c>Api__AdminKey</c>), sent in the <c>X-Api-Key</c> header. It
/// is read per request, so a reloaded key applies at once.</remarks>
internal static class AdminKey
{
    public const string Header = "X-Api-Key";
    public const string Setting = "Api:AdminKey";

    /// <summary>The configured admin key, or null when none is set (then every admin endpoint is closed).</summary>
    public static string? Configured(IConfiguration configuration) => configuration[Setting] is { Length: > 0 } key ? key : null;

    /// <summary>Whether <paramref name="sent"/> is the configured key.</summary>
    /// <remarks>A constant-time comparison, so response timing does not reveal how much of a guessed key was right.</remarks>
    public static bool Matches(string sent, string configured) =>
        sent.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(configured));
}
