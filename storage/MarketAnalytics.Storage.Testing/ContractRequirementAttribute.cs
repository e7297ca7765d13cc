namespace MarketAnalytics.Storage.Testing;

/// <summary>What a backend's run of a contract suite needs; the suite's facts are skipped with <see cref="MissingReason"/>
/// when it is not null.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public abstract class ContractRequirementAttribute : Attribute
{
    public abstract string? MissingReason { get; }
}
