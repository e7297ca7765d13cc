using Microsoft.Extensions.Logging;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>A logger that keeps the formatted messages, so tests can read what an operator would see.</summary>
public sealed class CollectingLogger<T> : ILogger<T>
{
    private readonly Lock _gate = new();
    private readonly List<string> _messages = [];

    public IReadOnlyList<string> Messages { get { lock (_gate) return _messages.ToArray(); } }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate) _messages.Add(formatter(state, exception));
    }
}
