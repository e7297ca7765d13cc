namespace MarketAnalytics.Storage.Testing;

/// <summary>The contract suite in the marked class runs against the PostgreSQL server of <c>MA_TEST_POSTGRES</c>, and is
/// skipped when the variable is unset, as a <see cref="PostgresFactAttribute"/> test is.</summary>
public sealed class RequiresPostgresAttribute : ContractRequirementAttribute
{
    public override string? MissingReason => PostgresFactAttribute.MissingReason;
}
