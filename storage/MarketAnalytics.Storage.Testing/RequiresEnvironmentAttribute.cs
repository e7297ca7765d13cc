namespace MarketAnalytics.Storage.Testing;

/// <summary>Marks a test class whose store needs a server named by an environment variable: its <see cref="ContractFactAttribute"/>
/// tests are skipped with <see cref="SkipReason"/> while <see cref="Variable"/> is unset.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentAttribute(string variable, string skipReason) : Attribute
{
    public string Variable { get; } = variable;

    public string SkipReason { get; } = skipReason;
}
