using MarketAnalytics.Ingest.GapFill;

namespace MarketAnalytics.Ingest.Testing;

/// <summary>The gap-fill a live reader gets in production (a <see cref="GapFiller"/> and its <see cref="LiveGapFill"/>
/// triggers), over a test's temporary log and a REST client that honours rate limits as the host's does.</summary>
public static class ReaderGapFill
{
    /// <summary>Builds the reader's gap-fill over <paramref name="history"/>, recording into <paramref name="log"/>.</summary>
    /// <param name="logger">Collects the filler's log lines (filled and unfilled gaps), when the test reads them.</param>
    /// <param name="options">The filler's settings; by default short retries, as the fake venue's history is complete the moment
    /// a trade is made.</param>
    public static LiveGapFill Create(string venue, ITradeHistory history, TemporaryLog log, bool consecutiveIds, CollectingLogger<GapFiller>? logger = null,
        GapFillOptions? options = null)
    {
        options ??= new GapFillOptions { RetryDelay = TimeSpan.FromMilliseconds(50) };
        var filler = new GapFiller(venue, history, log.Recorder, options, TimeProvider.System, logger ?? new CollectingLogger<GapFiller>());
        return new LiveGapFill(filler, log.Log, log.Recorder, consecutiveIds);
    }

    /// <summary>An <see cref="HttpClient"/> whose requests go through the shared <see cref="RateLimitHandler"/>, waiting out a
    /// 429's <c>Retry-After</c> as the host's venue clients do.</summary>
    public static HttpClient RestClient() =>
        new(new RateLimitHandler(RateLimitPolicy.RetryAfterOnly(TimeSpan.FromSeconds(30)), TimeProvider.System, new CollectingLogger<RateLimitHandler>())
        {
            InnerHandler = new SocketsHttpHandler(),
        });
}
