using System.Diagnostics;
using System.Text;

namespace MarketAnalytics.Api.DistributedTests;

/// <summary>A <c>dotnet MarketAnalytics.Api.dll &lt;command&gt;</c> child process with environment settings of the test's
/// choosing (<c>Log__Kind=Kafka</c>, …), its output kept for failure messages, killed with SIGKILL when disposed.</summary>
public sealed class ApiProcess : IDisposable
{
    private const string ListeningMarker = "Now listening on: ";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ApiProcess(Process process) => _process = process;

    /// <summary>Everything the process wrote so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public static ApiProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MarketAnalytics.Api.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ApiProcess(process);
        process.OutputDataReceived += (_, e) => child.Received(e.Data);
        process.ErrorDataReceived += (_, e) => child.Received(e.Data);
        process.Exited += (_, _) => child._listening.TrySetException(new InvalidOperationException($"{args[0]} exited before it listened:\n{child.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a one-shot command (<c>import</c>, …) to its end and fails the test unless it exits with 0.</summary>
    public static async Task RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var child = Start(environment, args);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await child._process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{args[0]} did not finish in 2 minutes:\n{child.Output}");
        }
        if (child._process.ExitCode != 0) Assert.Fail($"{args[0]} exited with {child._process.ExitCode}:\n{child.Output}");
    }

    /// <summary>The address a serving role (<c>--urls http://127.0.0.1:0</c>) bound, once it listens.</summary>
    public Task<Uri> ListeningAsync() => _listening.Task.WaitAsync(TimeSpan.FromMinutes(1));

    /// <summary>SIGKILL: no shutdown code runs, as when a machine or container dies.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        var marker = line.IndexOf(ListeningMarker, StringComparison.Ordinal);
        if (marker >= 0) _listening.TrySetResult(new Uri(line[(marker + ListeningMarker.Length)..].Trim()));
    }
}
