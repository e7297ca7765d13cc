using System.Diagnostics;
using System.Globalization;

namespace MarketAnalytics.LoadTest;

/// <summary>The load test's printed result: the mix, orders/s, latency percentiles, and what the run cost and ran beside.</summary>
/// <remarks>Besides the answers it samples this process's CPU time over the measured window (client and, without <c>--url</c>,
/// server together) and the machine's load average, since on a shared machine both say how far the numbers can be trusted.</remarks>
internal sealed class LoadTestReport(bool inProcessServer)
{
    public static readonly string Mix = string.Create(CultureInfo.InvariantCulture,
        $"mix: limit orders (gtc) of 1-{TraderRequests.MaxLots} lots of 0.001 {TraderRequests.Symbol} at {TraderRequests.Mid} ± {TraderRequests.Ticks} ticks of 0.01 on a random side; each request is instead a cancel of the connection's oldest resting order with probability 0.35 (always above 50 resting)");

    private TimeSpan _cpuAtStart;
    private string _loadAtStart = "";

    /// <summary>Waits for the end of the warm-up and samples the CPU time and load there.</summary>
    public async Task StartAtAsync(long warmEnd, CancellationToken ct)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), warmEnd);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _loadAtStart = LoadAverage();
    }

    public async Task WriteAsync(TextWriter output, IReadOnlyList<TraderOutcome> results, long warmEnd)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var placed = results.Sum(r => r.Placed);
        var canceled = results.Sum(r => r.Canceled);
        var tooLate = results.Sum(r => r.CancelTooLate);
        var errors = results.Sum(r => r.Errors);
        var orders = placed + canceled + tooLate;
        var lastAnswer = results.Max(r => r.LastAnswer);
        var elapsed = lastAnswer > warmEnd ? Stopwatch.GetElapsedTime(warmEnd, lastAnswer).TotalSeconds : 0;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"orders: {orders} in {elapsed:0.00} s = {(elapsed > 0 ? orders / elapsed : 0):0} orders/s (placed {placed} of which rejected {results.Sum(r => r.Rejected)}, canceled {canceled}, cancel after fill {tooLate}; trades {results.Sum(r => r.Trades)}; errors {errors})"));
        if (latencies.Length > 0)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"latency ms: p50 {Ms(latencies, 0.50):0.00}  p90 {Ms(latencies, 0.90):0.00}  p99 {Ms(latencies, 0.99):0.00}  max {Ms(latencies, 1):0.00}"));
        if (orders > 0)
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"cpu: {cpu.TotalMicroseconds / orders:0.0} µs per order in this process ({(inProcessServer ? "client and server" : "client only")}); load average {_loadAtStart} at the start, {LoadAverage()} at the end"));
        if (results.Select(r => r.FirstError).FirstOrDefault(e => e is not null) is { } first) await output.WriteLineAsync($"first error: {first}");
    }

    /// <summary>The latency at quantile <paramref name="q"/> (nearest rank) in milliseconds.</summary>
    private static double Ms(long[] sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)] * 1000.0 / Stopwatch.Frequency;

    /// <summary>The 1/5/15-minute load average on Linux, "n/a" elsewhere.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
