using System.Collections.Concurrent;

namespace MarketAnalytics.Core.Telemetry;

/// <summary>The <c>venue</c> and <c>instrument</c> tags of an instrument's measurements, built once per instrument.</summary>
/// <remarks>Hot paths pass the cached array as a span, so recording a measurement allocates nothing.</remarks>
public static class InstrumentTags
{
    private static readonly ConcurrentDictionary<InstrumentId, KeyValuePair<string, object?>[]> Cache = new();

    public static ReadOnlySpan<KeyValuePair<string, object?>> Of(InstrumentId instrument) =>
        Cache.GetOrAdd(instrument, static id => [new("venue", id.Venue), new("instrument", id.ToString())]);
}
