namespace MarketAnalytics.Core.Ports;

/// <summary>How many trades an append wrote and how many it dropped as already in the log.</summary>
public readonly record struct AppendResult(int Appended, int Duplicates);
