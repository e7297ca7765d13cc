namespace MarketAnalytics.Api.Tests.Fuzz;

/// <summary>The <c>X-Api-Key</c> a generated request carries.</summary>
public enum FuzzKey
{
    None,
    User,
    Admin,
    Garbage,
}
