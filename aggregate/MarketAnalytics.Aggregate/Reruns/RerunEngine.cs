using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Aggregate.Reruns;

/// <summary>Recomputes stored windows from the raw log (the source of truth) and replaces them, with the same
/// <see cref="TradeAggregator"/> the streaming job uses, so a rerun over windows streaming already covered changes nothing.</summary>
/// <remarks>The whole range is replaced in one store transaction (readers see the old set or the new one; cancellation leaves the
/// store as it was) while the log is read hour by hour, so memory stays bounded whatever the range. Only trades below the
/// streaming job's committed offsets are counted: the streaming job keeps running and counts the rest itself.</remarks>
public sealed class RerunEngine(ILogHistory history, IAggregateStore store, IOptions<AggregationOptions> options)
{
    public async Task<RerunResult> RunAsync(RerunRequest request, IProgress<RerunProgress>? progress, CancellationToken ct)
    {
        IReadOnlyCollection<CandleInterval> intervals = request.Intervals switch
        {
            RerunIntervals.Minute => [CandleInterval.OneMinute],
            RerunIntervals.Hour => [CandleInterval.OneHour],
            _ => [CandleInterval.OneMinute, CandleInterval.OneHour],
        };
        var unit = request.Intervals == RerunIntervals.Minute ? CandleInterval.OneMinute : CandleInterval.OneHour;
        if (request.From >= request.To)
            throw new RerunRangeException($"the range [{UtcTime.Format(request.From)}, {UtcTime.Format(request.To)}) is empty or inverted");
        if (!ValidTimes.IsQueryTime(request.From) || !ValidTimes.IsQueryTime(request.To))
            throw new RerunRangeException(
                $"the range [{UtcTime.Format(request.From)}, {UtcTime.Format(request.To)}) is outside the valid range {ValidTimes.DescribeQueryRange()}");
        var from = unit.WindowStart(request.From);
        var to = unit.WindowStart(request.To) == request.To ? request.To : unit.WindowStart(request.To) + unit.Duration;
        if (await history.GetRetentionHorizonAsync(ct) is { } horizon && from < horizon)
            throw new RerunRangeException(
                $"the range starts at {UtcTime.Format(from)}, before the log's retention horizon {UtcTime.Format(horizon)}: the raw trades are gone");

        long tradesRead = 0;
        var examined = 0;
        var changes = new List<WindowChange>();
        await store.ReplaceWindowsAsync(options.Value.Group, async (offsets, replacer, token) =>
        {
            for (var chunkFrom = from; chunkFrom < to;)
            {
                var chunkTo = Min(CandleInterval.OneHour.WindowStart(chunkFrom) + CandleInterval.OneHour.Duration, to);
                var aggregator = new TradeAggregator();
                await foreach (var trade in history.ReplayTradesAsync(chunkFrom, chunkTo, request.Instruments, offsets, token))
                {
                    aggregator.Add(trade);
                    tradesRead++;
                }
                var range = new WindowRange(chunkFrom, chunkTo, request.Instruments, intervals);
                var computed = aggregator.TakeDeltas().Where(range.Contains).ToList();
                var before = await replacer.ReplaceAsync(range, computed, token);
                examined += Compare(before, computed, changes);
                progress?.Report(new RerunProgress(tradesRead, chunkTo, from, to));
                chunkFrom = chunkTo;
            }
        }, request.DryRun, ct);
        return new RerunResult(from, to, tradesRead, examined, changes);
    }

    /// <summary>Adds the windows that differ to <paramref name="changes"/>; returns how many windows were looked at.</summary>
    private static int Compare(IReadOnlyList<Candle> before, IReadOnlyList<Candle> after, List<WindowChange> changes)
    {
        var old = before.ToDictionary(Key);
        var fresh = after.ToDictionary(Key);
        foreach (var key in old.Keys.Union(fresh.Keys).OrderBy(k => k.Instrument).ThenBy(k => k.Interval.Minutes).ThenBy(k => k.OpenTime))
        {
            var was = old.GetValueOrDefault(key);
            var now = fresh.GetValueOrDefault(key);
            if (was == now) continue;
            changes.Add(new WindowChange(key.Instrument, key.Interval, key.OpenTime,
                was?.Count ?? 0, now?.Count ?? 0, was?.Volume ?? 0m, now?.Volume ?? 0m));
        }
        return old.Keys.Union(fresh.Keys).Count();
    }

    private static (InstrumentId Instrument, CandleInterval Interval, DateTime OpenTime) Key(Candle c) => (c.Instrument, c.Interval, c.OpenTime);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
