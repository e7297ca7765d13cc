namespace MarketAnalytics.OrderBook.Tests;

/// <summary>A scenario line whose expectation did not hold, with the file, line and what differed.</summary>
public sealed class ScenarioFailure(string message) : Exception(message);
