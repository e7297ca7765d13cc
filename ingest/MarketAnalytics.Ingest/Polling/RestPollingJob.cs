using Hangfire;
using MarketAnalytics.Core;
using MarketAnalytics.Core.Ports;
using MarketAnalytics.Ingest.GapFill;
using MarketAnalytics.Jobs;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Ingest.Polling;

/// <summary>The body of the recurring job <c>poll:{venue}:{symbol}</c>: reads the instrument's trades after the newest one the log
/// holds from the venue's REST trade history and records them through the <see cref="MarketRecorder"/>.</summary>
/// <remarks>It goes through the same <see cref="GapFiller"/> as a live reader's gap-fill (paging, rate limits, retries,
/// <c>Ingest:GapFill:MaxAge</c>, unfilled gaps logged and counted), with no live trade to meet, so it reads until the venue has
/// nothing newer. The log's deduplication keeps it exact beside a live reader of the same instrument and when it runs twice.
/// With no trade of the instrument in the log yet, it starts <see cref="RestPollingVenueOptions.Lookback"/> before now.</remarks>
public sealed class RestPollingJob(RestPollingFillers fillers, IMarketLog log, IOptions<RestPollingOptions> options, TimeProvider clock)
{
    public const string Name = "poll";

    /// <summary>The recurring job id of an instrument's poll.</summary>
    public static string JobId(InstrumentId instrument) => $"{Name}:{instrument}";

    [JobDisplayName("poll {0}")]
    [DisableConcurrentExecution(JobLock.TimeoutSeconds)]
    [AutomaticRetry(Attempts = 0)]
    [RecordRunTimes(Name)]
    public async Task<JobResult> RunAsync(string instrument, CancellationToken ct)
    {
        var id = InstrumentId.Parse(instrument);
        var venue = options.Value.Venues[id.Venue];
        var after = await log.FindLastTradeAsync(id, ct) ?? new TradeCursor("", clock.GetUtcNow().UtcDateTime - venue.Lookback);
        var result = await fillers.Of(id.Venue).FillAsync(id, after, until: null, ct);
        var summary = $"{id}: {result.TradesRead} trades after {after} read over REST, {result.TradesRecorded} new ({result.Outcome})";
        if (result.IsUnfilled) throw new InvalidOperationException($"{summary}; not filled: {result.Reason}");
        return new JobResult(0, 0, result.TradesRead, summary);
    }
}
