namespace MarketAnalytics.Api.Commands;

/// <summary>A command line that cannot be run; its message is printed with the usage and the process exits with code 2.</summary>
public sealed class CommandLineException(string message) : Exception(message);
