namespace MarketAnalytics.LoadTest;

/// <summary>A load test that cannot run (a bad option, a server that refuses the setup); printed as <c>error: …</c>, exit code 2.</summary>
public sealed class LoadTestException(string message) : Exception(message);
