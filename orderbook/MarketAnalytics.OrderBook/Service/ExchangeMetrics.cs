using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using MarketAnalytics.Core.Telemetry;

namespace MarketAnalytics.OrderBook.Service;

/// <summary>The internal exchange's instruments (meter <see cref="MeterNames.Exchange"/>).</summary>
internal static class ExchangeMetrics
{
    private static readonly Meter Meter = new(MeterNames.Exchange);
    private static readonly ConcurrentDictionary<(Type, bool), KeyValuePair<string, object?>[]> Tags = new();

    /// <summary>Commands from submission to answer (journaled and applied), tagged <c>type</c> (create_user, transfer, place,
    /// cancel, replace) and <c>outcome</c> (ok, failed); its count is the number of commands.</summary>
    private static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>(
        "marketanalytics.exchange.command.duration", "s", "Exchange commands from submission to answer");

    public static void Record(ExchangeCommand command, long startedTimestamp, bool ok) =>
        CommandDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, Tags.GetOrAdd((command.GetType(), ok), static key =>
            [new("type", JsonNamingPolicy.SnakeCaseLower.ConvertName(key.Item1.Name)), new("outcome", key.Item2 ? "ok" : "failed")]));
}
