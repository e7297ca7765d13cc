using Xunit;
using Xunit.Sdk;

namespace MarketAnalytics.Storage.Testing;

/// <summary>A fact of a behaviour contract declared on an abstract base class; it runs in each concrete test class, skipped when
/// that class's <see cref="RequiresEnvironmentAttribute"/> variable is unset.</summary>
/// <remarks>xunit 2 decides skips per method attribute, which cannot see the concrete class; the discoverer can.</remarks>
[XunitTestCaseDiscoverer("MarketAnalytics.Storage.Testing.ContractFactDiscoverer", "MarketAnalytics.Storage.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;
