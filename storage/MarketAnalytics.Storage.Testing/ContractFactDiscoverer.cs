using Xunit.Abstractions;
using Xunit.Sdk;

namespace MarketAnalytics.Storage.Testing;

/// <summary>Discovers a <see cref="ContractFactAttribute"/> test in a concrete test class, as a skipped test when the class
/// requires an environment variable that is unset.</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var requirement = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentAttribute)).FirstOrDefault();
        var variable = requirement?.GetNamedArgument<string>(nameof(RequiresEnvironmentAttribute.Variable));
        if (variable is not null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
        {
            var reason = requirement!.GetNamedArgument<string>(nameof(RequiresEnvironmentAttribute.SkipReason));
            return [new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, reason)];
        }
        return [new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)];
    }
}
