using System.Diagnostics;
using System.Text.Json;

namespace MarketAnalytics.Api.Tests.BinanceCompat;

/// <summary>The real ccxt client (npm <c>ccxt</c>, version pinned in <c>ccxt/package.json</c> and its lockfile), installed with
/// <c>npm ci</c> on first use and run by node against a live host through <c>ccxt/client.mjs</c>.</summary>
public static class CcxtClient
{
    private static readonly Lazy<Task<string>> Installed = new(InstallAsync);

    /// <summary>Runs <paramref name="calls"/> (each a ccxt method name and its arguments) in order with one <c>binance</c> instance
    /// whose public and private base is <paramref name="venueBase"/>; each call's result, or <c>{error, message}</c>.</summary>
    public static async Task<JsonElement> RunAsync(Uri venueBase, object[][] calls, string? apiKey = null, string? secret = null)
    {
        var folder = await Installed.Value;
        string[] arguments = ["client.mjs", venueBase.ToString().TrimEnd('/'), JsonSerializer.Serialize(calls), .. apiKey is null ? [] : new[] { apiKey, secret! }];
        var (code, output, errors) = await RunAsync("node", folder, arguments, TimeSpan.FromMinutes(2));
        Assert.True(code == 0, $"node client.mjs exited with {code}: {errors}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static async Task<string> InstallAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MarketAnalytics.sln"))) root = root.Parent;
        Assert.True(root is not null, "the repository root (MarketAnalytics.sln) is not above the test binaries");
        var folder = Path.Combine(root.FullName, "api", "MarketAnalytics.Api.Tests", "BinanceCompat", "ccxt");
        if (!File.Exists(Path.Combine(folder, "node_modules", "ccxt", "package.json")))
        {
            var (code, _, errors) = await RunAsync("npm", folder, ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(10));
            Assert.True(code == 0, $"npm ci in {folder} failed ({code}): {errors}");
        }
        return folder;
    }

    // Runs a program to its end; one still running after limit is killed with its children and fails the test.
    private static async Task<(int Code, string Output, string Errors)> RunAsync(string program, string folder, IEnumerable<string> arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', start.ArgumentList)} did not end within {limit}");
        }
        return (process.ExitCode, await output, await errors);
    }
}
