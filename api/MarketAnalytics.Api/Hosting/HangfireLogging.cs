using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketAnalytics.Api.Hosting;

/// <summary>Hangfire's log provider: Hangfire's loggers go to the logging of the newest host that is still running.</summary>
/// <remarks>Hangfire keeps one log provider for the whole process and asks it for loggers at any time; handing it one host's
/// <see cref="ILoggerFactory"/> (what <c>AddHangfire</c> does) breaks every later logger once that host is disposed while another
/// runs on, as happens in tests. With one host per process this is simply that host's logging.</remarks>
internal sealed class HangfireLogging : ILogProvider
{
    private static readonly List<ILoggerFactory> Live = [];

    public static HangfireLogging Instance { get; } = new();

    /// <summary>Sends Hangfire's new loggers to <paramref name="factory"/> until <paramref name="stopped"/>.</summary>
    public static void Attach(ILoggerFactory factory, CancellationToken stopped)
    {
        lock (Live) Live.Add(factory);
        stopped.Register(() =>
        {
            lock (Live) Live.Remove(factory);
        });
    }

    public ILog GetLogger(string name)
    {
        ILoggerFactory? factory;
        lock (Live) factory = Live.Count > 0 ? Live[^1] : null;
        return new AspNetCoreLogProvider(factory ?? NullLoggerFactory.Instance).GetLogger(name);
    }
}
