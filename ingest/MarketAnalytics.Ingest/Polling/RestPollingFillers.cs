using System.Collections.Concurrent;
using MarketAnalytics.Ingest.GapFill;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketAnalytics.Ingest.Polling;

/// <summary>One <see cref="GapFiller"/> per polled venue, over its REST trade history, made on first use and kept.</summary>
/// <remarks>Each venue's history has its own HTTP client and <see cref="RateLimitHandler"/> (policy: honour 429/418 and
/// <c>Retry-After</c>), so a venue's rate-limit pause holds back every later poll of that venue in this process.</remarks>
public sealed class RestPollingFillers(IConfiguration configuration, MarketRecorder recorder, IOptions<GapFillOptions> gapFill, TimeProvider time,
    ILoggerFactory loggers) : IDisposable
{
    private readonly ConcurrentDictionary<string, (HttpClient Http, GapFiller Filler)> _fillers = new(StringComparer.Ordinal);

    public GapFiller Of(string venue) => _fillers.GetOrAdd(venue, Create).Filler;

    private (HttpClient, GapFiller) Create(string venue)
    {
        var handler = new RateLimitHandler(RateLimitPolicy.RetryAfterOnly(TimeSpan.FromMinutes(1)), time, loggers.CreateLogger<RateLimitHandler>())
        {
            InnerHandler = new SocketsHttpHandler(),
        };
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var history = PolledVenues.Histories[venue](configuration, http);
        return (http, new GapFiller($"poll:{venue}", history, recorder, gapFill.Value, time, loggers.CreateLogger<GapFiller>()));
    }

    public void Dispose()
    {
        foreach (var (http, _) in _fillers.Values) http.Dispose();
    }
}
