using System.Diagnostics;

namespace MarketAnalytics.Storage.EmbeddedLog.Tests;

/// <summary>Starts the MarketAnalytics.Storage.EmbeddedLog.Tests.Writer child process (built alongside the tests).</summary>
internal static class WriterProcess
{
    private const string Name = "MarketAnalytics.Storage.EmbeddedLog.Tests.Writer";

    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath());
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    // The tests run from storage/<tests>/bin/<configuration>/<tfm>/; the writer sits at the same place under its own project.
    private static string DllPath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var storage = output.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(storage, Name, "bin", configuration, framework, Name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {Name} first (the test project builds it).", path);
    }
}
