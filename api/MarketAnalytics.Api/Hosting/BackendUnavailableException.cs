namespace MarketAnalytics.Api.Hosting;

/// <summary>A configured backend (Kafka, PostgreSQL, Redis) that could not be reached at start; the command line prints its
/// message as one line and exits with code 4.</summary>
public sealed class BackendUnavailableException(string message, Exception inner) : Exception(message, inner);
