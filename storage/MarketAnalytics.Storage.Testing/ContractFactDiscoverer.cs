using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MarketAnalytics.Storage.Testing;

/// <summary>Discovers <see cref="ContractFactAttribute"/> facts: as plain facts, or skipped with the reason of the concrete test
/// class's unmet <see cref="ContractRequirementAttribute"/>.</summary>
/// <remarks>A fact's own attribute sits on the shared suite's method and cannot know which backend runs it; the concrete class
/// is known only here.</remarks>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    private readonly IMessageSink _diagnosticMessageSink = diagnosticMessageSink;

    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var missing = testMethod.TestClass.Class.ToRuntimeType().GetCustomAttributes<ContractRequirementAttribute>()
            .Select(requirement => requirement.MissingReason).FirstOrDefault(reason => reason is not null);
        if (missing is null) return base.Discover(discoveryOptions, testMethod, factAttribute);
        return [new XunitSkippedDataRowTestCase(_diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, missing)];
    }
}
