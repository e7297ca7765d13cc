using Xunit;
using Xunit.Sdk;

namespace MarketAnalytics.Storage.Testing;

/// <summary>A fact of a contract suite written once and run by a test class per backend; it is skipped in a class marked with
/// a <see cref="ContractRequirementAttribute"/> that is not met here (a server that is not configured).</summary>
[XunitTestCaseDiscoverer("MarketAnalytics.Storage.Testing.ContractFactDiscoverer", "MarketAnalytics.Storage.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;
