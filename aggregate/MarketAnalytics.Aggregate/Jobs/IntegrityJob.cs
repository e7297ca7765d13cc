using System.Globalization;
using Hangfire;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Jobs;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Aggregate.Jobs;

/// <summary>Checks that every stored hour aggregate of the last <c>Jobs:Integrity:Hours</c> whole hours equals the roll-up of its
/// stored minutes, and fails the run (a <see cref="JobFindingException"/>) listing the windows that do not.</summary>
/// <remarks>The hour in progress is left out: streaming commits minutes and hours together, but a check reading them in two
/// queries could see a commit in between. An hour without minutes, or minutes without their hour, is a mismatch too.</remarks>
public sealed class IntegrityJob(IAggregateStore store, IOptions<JobsOptions> options, TimeProvider clock)
{
    /// <summary>At most this many mismatching windows are spelled out in the run's error; the count covers them all.</summary>
    private const int ListedMismatches = 20;

    [JobDisplayName(JobNames.Integrity)]
    [DisableConcurrentExecution(JobLock.TimeoutSeconds)]
    [AutomaticRetry(Attempts = 0)]
    [RecordRunTimes(JobNames.Integrity)]
    public async Task<JobResult> RunAsync(CancellationToken ct)
    {
        var to = CandleInterval.OneHour.WindowStart(clock.GetUtcNow().UtcDateTime);
        var from = to.AddHours(-options.Value.Integrity.Hours);
        var minutes = await store.GetAllCandlesAsync(CandleInterval.OneMinute, from, to, ct);
        var hours = await store.GetAllCandlesAsync(CandleInterval.OneHour, from, to, ct);

        var expected = minutes.GroupBy(m => m.Instrument)
            .SelectMany(g => Candle.RollUp(g.OrderBy(m => m.OpenTime), CandleInterval.OneHour))
            .ToDictionary(c => (c.Instrument, c.OpenTime));
        var stored = hours.ToDictionary(c => (c.Instrument, c.OpenTime));
        var windows = expected.Keys.Union(stored.Keys).Order().ToList();
        var mismatches = new List<string>();
        foreach (var window in windows)
        {
            expected.TryGetValue(window, out var rolledUp);
            stored.TryGetValue(window, out var hour);
            if (rolledUp == hour) continue;
            mismatches.Add(Describe(window.Instrument, window.OpenTime, hour, rolledUp));
        }

        var range = $"{Iso(from)}..{Iso(to)}";
        if (mismatches.Count == 0)
            return new JobResult(windows.Count, 0, 0, $"{windows.Count} hour windows in {range} equal the roll-up of their minutes");
        var listed = string.Join("; ", mismatches.Take(ListedMismatches));
        var more = mismatches.Count > ListedMismatches ? $"; and {mismatches.Count - ListedMismatches} more" : "";
        throw new JobFindingException(
            new JobResult(windows.Count, mismatches.Count, 0, $"{mismatches.Count} of {windows.Count} hour windows in {range} differ from the roll-up of their minutes"),
            $"hour aggregates differ from their minutes: {listed}{more}");
    }

    private static string Describe(InstrumentId instrument, DateTime openTime, Candle? hour, Candle? rolledUp) =>
        $"{instrument} 1h {Iso(openTime)}: " + (hour, rolledUp) switch
        {
            (null, { } m) => $"no hour stored, minutes hold {m.Count} trades",
            ({ } h, null) => $"hour holds {h.Count} trades, no minutes stored",
            ({ } h, { } m) => $"hour holds {h.Count} trades volume {h.Volume.ToString(CultureInfo.InvariantCulture)}, " +
                              $"minutes {m.Count} trades volume {m.Volume.ToString(CultureInfo.InvariantCulture)}",
            _ => "",
        };

    private static string Iso(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
}
